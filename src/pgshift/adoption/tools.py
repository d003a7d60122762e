"""The migration tools pgshift recognises: their names and the shape of their history tables.

Where each fact comes from (the tools' own sources and documentation, read for this table):

- golang-migrate: `database/postgres/postgres.go` creates `schema_migrations (version bigint not
  null primary key, dirty boolean not null)` holding one row, the current version;
  `x-migrations-table` names another table.
- dbmate: README "Schema migrations table": `schema_migrations (version varchar primary key)`,
  one row per applied file; `--migrations-table` names another table.
- goose: `internal/dialects/postgres.go`: `goose_db_version (id, version_id bigint, is_applied
  boolean, tstamp timestamp)`, first row version 0; the newest row of a version says whether
  it is applied (`migrate.go`, EnsureDBVersion).
- Flyway: `PostgreSQLDatabase.getRawCreateScript`: `flyway_schema_history (installed_rank,
  version, description, type, script, checksum, installed_by, installed_on, execution_time,
  success)`.
- node-pg-migrate: `src/runner.ts`: `pgmigrations (id serial, name varchar(255), run_on
  timestamp)`; `name` is the file name without its extension.
- sqitch: `lib/App/Sqitch/Engine/pg.sql`: registry schema (default `sqitch`) with `changes`,
  `events`, `projects`, `tags`, `dependencies`, `releases`.
- graphile-migrate 1.4: `src/migration.ts`: `graphile_migrate.migrations (hash, previous_hash,
  filename, date)`, always in that schema.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError


@dataclass(frozen=True)
class Tool:
    """A migration tool: how pgshift names it and how its history table looks.

    `name` is what the command line takes and what the `--! Imported:` header records. A
    history table is recognised by its exact set of column names: under the default `table`
    name in any schema (or only in `schema`, when the tool always uses one), and under any name
    when `any_name` says the columns alone are distinctive enough.
    """

    name: str
    label: str
    table: str
    columns: frozenset[str]
    any_name: bool = False
    schema: str | None = None
    importable: bool = True
    noun: str = "version"  # what one entry of its history is called in messages

    def qualifies(self, schema: str, table: str, columns: frozenset[str]) -> bool:
        """Is `schema.table` with these columns this tool's history table?"""
        if columns != self.columns:
            return False
        if self.schema is not None and schema != self.schema:
            return False
        return self.any_name or table == self.table


TOOLS: tuple[Tool, ...] = (
    Tool(
        "golang-migrate",
        "golang-migrate",
        "schema_migrations",
        frozenset({"version", "dirty"}),
        any_name=True,
    ),
    Tool("dbmate", "dbmate", "schema_migrations", frozenset({"version"})),
    Tool(
        "goose",
        "goose",
        "goose_db_version",
        frozenset({"id", "version_id", "is_applied", "tstamp"}),
        any_name=True,
    ),
    Tool(
        "flyway",
        "Flyway",
        "flyway_schema_history",
        frozenset(
            {
                "installed_rank",
                "version",
                "description",
                "type",
                "script",
                "checksum",
                "installed_by",
                "installed_on",
                "execution_time",
                "success",
            }
        ),
        any_name=True,
    ),
    Tool(
        "node-pg-migrate",
        "node-pg-migrate",
        "pgmigrations",
        frozenset({"id", "name", "run_on"}),
        noun="migration",
    ),
    Tool(
        "sqitch",
        "sqitch",
        "changes",
        frozenset(
            {
                "change_id",
                "script_hash",
                "change",
                "project",
                "note",
                "committed_at",
                "committer_name",
                "committer_email",
                "planned_at",
                "planner_name",
                "planner_email",
            }
        ),
        importable=False,
        noun="change",
    ),
    Tool(
        "graphile-migrate",
        "graphile-migrate",
        "migrations",
        frozenset({"hash", "previous_hash", "filename", "date"}),
        schema="graphile_migrate",
        importable=False,
        noun="migration",
    ),
)

IMPORTABLE: tuple[str, ...] = tuple(t.name for t in TOOLS if t.importable)


def importable_tool(name: str) -> Tool:
    """The tool `import` and `adopt` take by this name; a UsageError for any other name."""
    for tool in TOOLS:
        if tool.name == name and tool.importable:
            return tool
    known = ", ".join(IMPORTABLE)
    if name == "sqitch":
        raise UsageError(
            "sqitch projects cannot be imported (a plan of changes with dependencies, reworked "
            "changes and verify scripts does not map onto a chain of files); see the sqitch "
            "section of docs/adopting.md"
        )
    raise UsageError(f"unknown format {name!r}; pgshift imports {known}")
