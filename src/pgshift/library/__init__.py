"""pgshift's SQL helper library: the SQL files, installing them, sessions and error codes.

- `install.install_runtime(conn)` installs or upgrades the runtime schema `pgshift_utils`;
- `install.define_migration_sql()` is the migration that creates `pgshift_define`;
- `session` sets the `pgshift.*` settings the SQL reads; `codes` maps SQLSTATEs to exceptions.

Catalogue of functions and codes: docs/library.md.
"""
