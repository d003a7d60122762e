"""`adopt`: record as applied, without running them, the imported migrations another tool ran.

The other tool's history decides which: each version it records as applied must be a committed
file imported from it, and together they must be the start of the chain. The rows written are
the ones `migrate` writes after running a file, so `migrate` then applies only what follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from ..config import Config
from ..db import advisory_lock
from ..errors import PgshiftError
from ..migrations import history
from ..migrations.files import CommittedMigration, read_committed
from ..migrations.runner import open_session, pending_migrations
from ..targets import Target
from .destination import resolve_destination
from .histories import ForeignHistory, HistoryTable, find_history_tables, read_history
from .importing import imported_from
from .tools import Tool, importable_tool
from .versions import VersionKey, version_key


@dataclass(frozen=True)
class AdoptResult:
    tool: str
    table: str  # the other tool's history table, schema-qualified
    database: str
    recorded: list[str] = field(default_factory=list)  # file names (with dry_run: would be)
    already_recorded: int = 0  # adopted migrations pgshift's history held before
    pending: list[str] = field(default_factory=list)  # what `migrate` will still apply
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False


def adopt(
    config: Config,
    target: Target,
    tool_name: str,
    *,
    table: str | None = None,
    set_name: str | None = None,
    dry_run: bool = False,
) -> AdoptResult:
    """Record in pgshift's history the imported migrations `tool_name`'s history says ran.

    `table` (`NAME` or `SCHEMA.NAME`) names the other tool's history table when it is not the
    default one. Refuses a dirty history, a version no imported file carries, and an applied set
    that is not the start of the chain. Writes in one transaction under pgshift's advisory lock
    and installs nothing else (pgshift_utils comes with the next `migrate`); running it again
    records nothing new.
    """
    tool = importable_tool(tool_name)
    destination = resolve_destination(config, set_name)
    files = read_committed(destination.migrations_dir)
    if not imported_from(files, tool):
        raise PgshiftError(
            f"no committed migration was imported from {tool.label}; run "
            f"'pgshift import {tool.name} DIR' first"
        )
    schema = destination.history_schema
    with open_session(config, target.main) as session, advisory_lock(session.conn):
        conn = session.conn
        found = locate_history(conn, tool, table=table, own_schema=schema)
        foreign = read_history(conn, found)
        adopted = adopted_prefix(files, foreign)
        applied = history.read_applied(conn, schema, create=False)
        pending_migrations(files, applied, folder=destination.migrations_dir)
        todo = adopted[len(applied) :]
        if todo and not dry_run:
            with conn.transaction():
                history.ensure_history(conn, schema, manage=config.manage_history_schema)
                for migration in todo:
                    history.record_applied(
                        conn,
                        schema,
                        hash=migration.hash,
                        previous_hash=migration.previous_hash,
                        filename=migration.filename,
                    )
        done = max(len(applied), len(adopted))
        return AdoptResult(
            tool=tool.name,
            table=found.display,
            database=conn.info.dbname,
            recorded=[m.real_filename for m in todo],
            already_recorded=min(len(applied), len(adopted)),
            pending=[m.real_filename for m in files[done:]],
            notes=foreign.notes,
            dry_run=dry_run,
        )


def locate_history(
    conn: psycopg.Connection[Any], tool: Tool, *, table: str | None, own_schema: str
) -> HistoryTable:
    """The one table holding `tool`'s history: `table`, or the tool's default table in any
    schema (for golang-migrate, goose and Flyway: any table of their shape)."""
    found = find_history_tables(conn, own_schema=own_schema, tools=(tool,), table=table)
    columns = ", ".join(sorted(tool.columns))
    if not found:
        wanted = table or tool.table
        raise PgshiftError(
            f"found no {tool.label} history table {wanted} (columns {columns}) in any schema"
            + ("" if table else "; name yours with --table [SCHEMA.]NAME")
        )
    if len(found) > 1:
        listed = ", ".join(t.display for t in found)
        raise PgshiftError(
            f"several tables look like {tool.label}'s history ({listed}); choose one with "
            "--table SCHEMA.NAME"
        )
    return found[0]


def adopted_prefix(
    files: list[CommittedMigration], foreign: ForeignHistory
) -> list[CommittedMigration]:
    """The committed files `foreign` says were applied: the start of the chain, or an error."""
    tool = foreign.table.tool
    where = f"{tool.label}'s history ({foreign.table.display})"
    if foreign.dirty:
        raise PgshiftError(f"{where} is dirty: {foreign.dirty}. {_dirty_hint(tool)}")
    if foreign.unreadable:
        raise PgshiftError(f"{where} is not readable by this user")
    imported = imported_from(files, tool)
    keys: set[VersionKey] = set()
    for version in foreign.applied:
        key = _key(tool, version)
        if key not in imported:
            raise PgshiftError(
                f"{where} records {tool.noun} {version} as applied, but no committed migration "
                f"was imported from it; import the folder that holds it ('pgshift import "
                f"{tool.name} DIR') and adopt again"
            )
        keys.add(key)
    if foreign.through is not None:
        through = _key(tool, foreign.through)
        keys |= {k for k in imported if k <= through}
    adopted = {imported[k].filename for k in keys}
    prefix = files[: len(adopted)]
    gaps = [m for m in prefix if m.filename not in adopted]
    if gaps:
        later = next(m for m in files[len(adopted) :] if m.filename in adopted)
        raise PgshiftError(
            f"{where} records {later.real_filename} as applied but not "
            f"{gaps[0].real_filename}, which comes before it in the chain; pgshift's history "
            f"is always the start of the chain: apply the missing migration with {tool.label} "
            "first"
        )
    return prefix


def _key(tool: Tool, version: str) -> VersionKey:
    try:
        return version_key(tool.name, version)
    except ValueError:
        raise PgshiftError(
            f"{tool.label}'s history holds {tool.noun} {version!r}, which is not one of "
            f"{tool.label}'s versions"
        ) from None


def _dirty_hint(tool: Tool) -> str:
    if tool.name == "golang-migrate":
        return (
            "A migration failed halfway: repair the database, then mark the version with "
            "'migrate force VERSION', and adopt again"
        )
    return (
        "A migration failed: repair the database and the history ('flyway repair'), then "
        "adopt again"
    )
