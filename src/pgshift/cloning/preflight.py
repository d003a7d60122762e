"""Checks made before anything is written to the target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql

from ..db import connect, describe_dsn, redact_dsn
from ..errors import CloneError, ConnectionFailedError
from ._tools import VALUE_FORMATS, encoding_sql, server_encoding
from .catalog import SequenceValue, Table, describe_objects
from .options import Mode
from .state import State


def open_side(dsn: str, role: str) -> psycopg.Connection[Any]:
    """Connect to the source or the target, naming which one failed."""
    try:
        conn = connect(dsn, autocommit=True)
    except ConnectionFailedError as exc:
        raise ConnectionFailedError(f"{role}: {exc}; nothing was written to the target") from None
    # in its database's encoding: a client_encoding set on the database or the role is not
    # inherited (LATIN1 could not hold the names of a UTF8 database's objects)
    for statement in [encoding_sql(server_encoding(conn)), *VALUE_FORMATS]:
        conn.execute(statement)
    return conn


def version_label(conn: psycopg.Connection[Any]) -> str:
    number = int(conn.info.server_version)
    return f"PostgreSQL {number // 10000}.{number % 10000}"


def check_distinct(
    source: psycopg.Connection[Any], target: psycopg.Connection[Any], *, target_dsn: str
) -> None:
    """Refuse a target that is the source itself, however it was spelled.

    The target looks for the source's own session in pg_stat_activity (pid, start time and
    database), which every role may see: found means one server and one database.
    """
    row = source.execute(
        "select pid, backend_start from pg_catalog.pg_stat_activity where pid = pg_backend_pid()"
    ).fetchone()
    assert row is not None
    same = target.execute(
        "select 1 from pg_catalog.pg_stat_activity"
        " where pid = %s and backend_start = %s and datname = current_database()",
        [row[0], row[1]],
    ).fetchone()
    if same:
        raise CloneError(
            "the source and the target are the same database "
            f"({redact_dsn(describe_dsn(target_dsn))}); name another database as the target"
        )


def check_empty(target: psycopg.Connection[Any]) -> None:
    """Refuse a target that already holds objects."""
    found = describe_objects(target)
    if found:
        raise CloneError(
            f"the target is not empty (it has {', '.join(found)}); clone into a new database, or "
            "use --data-only to fill the tables of a schema that already exists there"
        )


def check_resume(state: State | None, *, resume: bool, mode: Mode, owners: bool = False) -> bool:
    """Whether this run continues an interrupted clone; refuse the ambiguous cases."""
    if state is None:
        return False
    if not resume:
        raise CloneError(
            "the target holds an interrupted clone (schema pgshift_clone); run again with "
            "--resume to finish it, or drop the target database and start over"
        )
    if state.mode is not mode:
        raise CloneError(
            f"the interrupted clone in the target was a {state.mode.value} clone; resume it "
            f"with the same options (this run asked for {mode.value})"
        )
    if state.owners != owners:
        said = "with" if state.owners else "without"
        raise CloneError(
            f"the interrupted clone in the target was started {said} --owners; resume it "
            "with the same options"
        )
    return True


def check_data_only(
    target: psycopg.Connection[Any],
    tables: Sequence[Table],
    sequences: Sequence[SequenceValue],
    *,
    resumed: bool,
) -> None:
    """The target can take the rows: the tables and sequences exist, tables are empty, and
    this role may switch triggers off (session_replication_role = replica)."""
    _check_replica_role(target)
    missing = []
    for table in tables:
        columns = _target_columns(target, table)
        if columns is None:
            missing.append(f"table {table.label}")
        else:
            missing += [f"column {table.label}.{c}" for c in table.copy_columns if c not in columns]
    for seq in sequences:
        if not _has_sequence(target, seq):
            missing.append(f"sequence {seq.label}")
    if missing:
        listed = ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
        raise CloneError(f"--data-only needs the source's tables in the target; missing: {listed}")
    if not resumed:
        row = target.execute("select count(*) from pg_catalog.pg_largeobject_metadata").fetchone()
        if row and row[0]:
            raise CloneError(
                f"--data-only fills empty tables and copies the large objects; the target has "
                f"{row[0]} large objects already"
            )
        full = [t.label for t in tables if _has_rows(target, t)]
        if full:
            raise CloneError(
                f"--data-only fills empty tables; these already have rows: {', '.join(full[:8])}"
            )


def _check_replica_role(target: psycopg.Connection[Any]) -> None:
    try:
        with target.transaction():
            target.execute("set local session_replication_role = replica")
    except psycopg.errors.InsufficientPrivilege:
        raise CloneError(
            "--data-only loads rows without firing the target's triggers by setting "
            "session_replication_role = replica, which this role may not do; connect to the "
            "target as a superuser (or, on PostgreSQL 15+, GRANT SET ON PARAMETER "
            "session_replication_role TO the role)"
        ) from None


def _target_columns(target: psycopg.Connection[Any], table: Table) -> set[str] | None:
    """The columns of the target's table of that name, None when it has no such table."""
    row = target.execute(
        "select array(select a.attname::text from pg_catalog.pg_attribute a"
        "             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped)"
        " from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = %s and c.relname = %s and c.relkind = 'r'",
        [table.schema, table.name],
    ).fetchone()
    return None if row is None else set(row[0])


def _has_sequence(target: psycopg.Connection[Any], seq: SequenceValue) -> bool:
    row = target.execute(
        "select c.oid from pg_catalog.pg_class c join pg_catalog.pg_namespace n"
        " on n.oid = c.relnamespace where n.nspname = %s and c.relname = %s and c.relkind = 'S'",
        [seq.schema, seq.name],
    ).fetchone()
    return row is not None


def _has_rows(target: psycopg.Connection[Any], table: Table) -> bool:
    row = target.execute(
        sql.SQL("select exists (select from only {})").format(table.ident)
    ).fetchone()
    return bool(row and row[0])


def target_settings(target: psycopg.Connection[Any]) -> set[str]:
    """Names of the settings the target server knows (to drop newer ones from scripts)."""
    return {r[0] for r in target.execute("select name from pg_catalog.pg_settings")}


def check_names(tables: Sequence[Table]) -> None:
    """Refuse names with a line break: the writer's `\\copy` is a one-line psql command."""
    for table in tables:
        names = [table.schema, table.name, *table.copy_columns]
        if any("\n" in name or "\r" in name for name in names):
            raise CloneError(
                f"the table {table.label!r} has a name with a line break (in itself, its schema "
                "or a column), which clone cannot copy; rename it first. Nothing was written "
                "to the target"
            )
