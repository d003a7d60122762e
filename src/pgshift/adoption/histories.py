"""Other tools' history tables in a database: finding them, and reading what they say is applied.

Table shapes and their meaning: tools.py (with the source of each fact) and docs/adopting.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from ..queries import read_query
from ..sqltext import display_name, qualified
from .tools import TOOLS, Tool

Conn = psycopg.Connection[Any]


@dataclass(frozen=True)
class HistoryTable:
    """A table holding `tool`'s history."""

    tool: Tool
    schema: str
    name: str

    @property
    def display(self) -> str:
        return display_name(self.schema, self.name)

    def is_named(self, wanted: str) -> bool:
        """Does `NAME` or `SCHEMA.NAME` (as `--table` takes it) name this table?"""
        schema, dot, name = wanted.rpartition(".")
        return name == self.name and (not dot or schema == self.schema)


@dataclass(frozen=True)
class ForeignHistory:
    """What a tool's history table says.

    `applied`: versions recorded as applied, each one of the tool's migrations. `through`: every
    version up to this one counts as applied too (golang-migrate keeps only its current
    version; a Flyway baseline stands for all before it). `dirty`: why the tool's state is not
    clean, when it is not. `latest`: the newest version, for messages.
    """

    table: HistoryTable
    applied: list[str] = field(default_factory=list)
    through: str | None = None
    dirty: str | None = None
    latest: str | None = None
    unreadable: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def records_anything(self) -> bool:
        return self.latest is not None or self.dirty is not None or self.unreadable


def find_history_tables(
    conn: Conn,
    *,
    own_schema: str,
    tools: Iterable[Tool] = TOOLS,
    table: str | None = None,
) -> list[HistoryTable]:
    """Every table shaped like one of `tools`' history tables, in any schema but `own_schema`.

    One catalog query. A table counts under its tool's default name (or any name, for the tools
    whose columns alone are distinctive), or under `table` (`NAME` or `SCHEMA.NAME`).
    """
    tools = tuple(tools)
    shapes = sorted({",".join(sorted(t.columns)) for t in tools})
    rows = conn.execute(
        read_query("adoption", "history_tables"), {"shapes": shapes, "own_schema": own_schema}
    ).fetchall()
    found: list[HistoryTable] = []
    for schema, name, columns in rows:
        shape = frozenset(columns)
        for tool in tools:
            candidate = HistoryTable(tool, schema, name)
            wanted = table is not None and shape == tool.columns and candidate.is_named(table)
            if wanted or (table is None and tool.qualifies(schema, name, shape)):
                found.append(candidate)
    return found


def read_history(conn: Conn, table: HistoryTable) -> ForeignHistory:
    """What `table` says was applied, read the way its tool reads it."""
    reader = _READERS[table.tool.name]
    try:
        return reader(conn, table)
    except psycopg.errors.InsufficientPrivilege:
        return ForeignHistory(table, unreadable=True)


def _rows(conn: Conn, table: HistoryTable, query: str) -> list[tuple[Any, ...]]:
    """Run `query` with `{}` standing for the table's qualified name."""
    return conn.execute(sql.SQL(query).format(qualified(table.schema, table.name))).fetchall()


def _golang_migrate(conn: Conn, table: HistoryTable) -> ForeignHistory:
    # One row: the current version, and whether the migration to it failed halfway.
    rows = _rows(conn, table, "select version, dirty from {} limit 1")
    if not rows:
        return ForeignHistory(table)
    try:
        version, dirty = int(rows[0][0]), bool(rows[0][1])
    except (TypeError, ValueError):
        return ForeignHistory(table)  # an application's own (version, dirty) table, not one

    reason = f"dirty = true at version {version}" if dirty else None
    if version < 0:  # golang-migrate's "no version" (a failed first migration, dirty)
        return ForeignHistory(table, dirty=reason)
    text = str(version)
    return ForeignHistory(table, [text], through=text, dirty=reason, latest=text)


def _dbmate(conn: Conn, table: HistoryTable) -> ForeignHistory:
    versions = [str(r[0]) for r in _rows(conn, table, "select version from {}")]
    versions.sort(key=lambda v: (int(v) if v.isdigit() else -1, v))
    return ForeignHistory(table, versions, latest=versions[-1] if versions else None)


def _goose(conn: Conn, table: HistoryTable) -> ForeignHistory:
    # The newest row of each version says whether it is applied; version 0 is goose's own
    # first row, no migration.
    newest: dict[int, bool] = {}
    for version, is_applied in _rows(
        conn, table, "select version_id, is_applied from {} order by id desc"
    ):
        newest.setdefault(int(version), bool(is_applied))
    applied = sorted(v for v, yes in newest.items() if yes and v != 0)
    texts = [str(v) for v in applied]
    return ForeignHistory(table, texts, latest=texts[-1] if texts else None)


_FLYWAY_BASELINES = ("BASELINE", "SQL_BASELINE", "JDBC_BASELINE")


def _flyway(conn: Conn, table: HistoryTable) -> ForeignHistory:
    from .versions import flyway_key

    applied: list[str] = []
    through: str | None = None
    dirty: str | None = None
    repeatable = 0
    rows = _rows(
        conn, table, "select version, type, script, success from {} order by installed_rank"
    )
    for version, kind, script, success in rows:
        if not success and dirty is None:
            dirty = f"{script} failed (success = false)"
        if kind == "SCHEMA":  # Flyway created the schemas: no migration
            continue
        if version is None:
            repeatable += 1
        elif kind in _FLYWAY_BASELINES:
            if through is None or flyway_key(version) > flyway_key(through):
                through = version
        elif kind.startswith("UNDO") or kind == "DELETE":
            applied = [v for v in applied if flyway_key(v) != flyway_key(version)]
        elif success:
            applied.append(version)
    candidates = [*applied, *([through] if through else [])]
    latest = max(candidates, key=flyway_key) if candidates else None
    notes = [f"{repeatable} repeatable migration run(s) not carried over"] if repeatable else []
    return ForeignHistory(table, applied, through, dirty, latest, notes=notes)


def _node_pg_migrate(conn: Conn, table: HistoryTable) -> ForeignHistory:
    names = [str(r[0]) for r in _rows(conn, table, "select name from {} order by run_on, id")]
    return ForeignHistory(table, names, latest=names[-1] if names else None)


def _sqitch(conn: Conn, table: HistoryTable) -> ForeignHistory:
    rows = _rows(conn, table, "select change from {} order by committed_at desc limit 1")
    return ForeignHistory(table, latest=str(rows[0][0]) if rows else None)


def _graphile_migrate(conn: Conn, table: HistoryTable) -> ForeignHistory:
    rows = _rows(conn, table, "select filename from {} order by filename desc limit 1")
    return ForeignHistory(table, latest=str(rows[0][0]) if rows else None)


_READERS: dict[str, Callable[[Conn, HistoryTable], ForeignHistory]] = {
    "golang-migrate": _golang_migrate,
    "dbmate": _dbmate,
    "goose": _goose,
    "flyway": _flyway,
    "node-pg-migrate": _node_pg_migrate,
    "sqitch": _sqitch,
    "graphile-migrate": _graphile_migrate,
}
