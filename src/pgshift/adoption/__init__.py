"""Taking over from another migration tool.

- `importing.import_migrations`: the other tool's up migrations become committed files.
- `adopting.adopt`: what the other tool's history says it applied is recorded in pgshift's.
- `guard.refuse_foreign_history`: `migrate` refuses to start pgshift's history on a database
  another tool manages (it would apply every migration again).

The tools, their files and their history tables: `tools.py` and docs/adopting.md. Nothing is
imported here, so the engine can load the guard without the readers.
"""
