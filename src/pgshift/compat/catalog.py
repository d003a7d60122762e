"""Load SQL into a scratch database statement by statement, and read routines from the catalog."""

from __future__ import annotations

import signal
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from ..db import connect, describe_dsn, with_database
from ..errors import CompatibilityError
from ..queries import read_query
from ..sqltext import ident
from .model import PgError, Routine
from .sqlfiles import DropTarget, Statement


@contextmanager
def scratch_database(admin_dsn: str) -> Iterator[str]:
    """A new, empty database on the server of `admin_dsn`, dropped afterwards (on SIGTERM too)."""
    name = f"pgshift_compat_{uuid.uuid4().hex[:12]}"
    with _sigterm_interrupts():
        with connect(admin_dsn) as admin:
            try:
                admin.execute(sql.SQL("create database {}").format(ident(name)))
            except psycopg.Error as exc:
                raise CompatibilityError(
                    f"cannot create a scratch database on {describe_dsn(admin_dsn)}: "
                    f"{_pg_error(exc)}; use a role that may create databases, or --static"
                ) from None
        try:
            yield with_database(admin_dsn, name)
        finally:
            with connect(admin_dsn) as admin:
                drop = sql.SQL("drop database if exists {} with (force)").format(ident(name))
                admin.execute(drop)


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While inside, SIGTERM (a CI timeout, `kill`) raises KeyboardInterrupt like Ctrl-C does.

    Python's default for SIGTERM ends the process at once, skipping the `finally` that drops the
    scratch database. Signal handlers can only be set from the main thread; elsewhere nothing
    changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass
class LoadResult:
    """Per statement (path, line): the error it raised; and which statement made which routine."""

    errors: dict[tuple[str, int], PgError] = field(default_factory=dict)
    created: dict[int, Statement] = field(default_factory=dict)
    notices: dict[tuple[str, int], list[PgError]] = field(default_factory=dict)


def _pg_error(exc: psycopg.Error) -> PgError:
    diag = exc.diag
    return PgError(diag.sqlstate or "", diag.message_primary or str(exc), diag.message_detail)


def _max_oid(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("select coalesce(max(oid::int8), 0) from pg_proc").fetchone()
    return int(row[0]) if row else 0


def load(
    conn: psycopg.Connection[Any], statements: Sequence[Statement], *, track: bool
) -> LoadResult:
    """Run `statements` in the open transaction, in file order, each in a savepoint, and record
    what happened.

    No retries: a deploy runs the files joined in name order and stops at the first error, so a
    statement that needs something a later file creates fails here too. The statements after a
    failure still run, so that their own problems are reported as well.
    With `track`, new routines are mapped to the statement that created them.
    """
    current: list[PgError] = []

    def on_notice(notice: Any) -> None:
        current.append(PgError(notice.sqlstate or "", notice.message_primary or ""))

    conn.add_notice_handler(on_notice)
    try:
        return _load(conn, statements, track=track, current=current)
    finally:
        conn.remove_notice_handler(on_notice)


def _load(
    conn: psycopg.Connection[Any],
    statements: Sequence[Statement],
    *,
    track: bool,
    current: list[PgError],
) -> LoadResult:
    result = LoadResult()
    newest = _max_oid(conn) if track else 0
    for statement in statements:
        # The checker's own transaction holds each version; a COMMIT in a file must not end it.
        if statement.transaction_control:
            continue
        current.clear()
        # The savepoint goes on its own: sent together with the statement, it would never
        # be taken when the server cannot parse the statement (the whole string fails).
        conn.execute("savepoint pgshift_compat")
        try:
            conn.execute(statement.text)
        except psycopg.Error as exc:
            conn.execute("rollback to savepoint pgshift_compat")
            result.errors[(statement.path, statement.line)] = _pg_error(exc)
            continue
        if current:
            result.notices[(statement.path, statement.line)] = list(current)
        if not track:
            conn.execute("release savepoint pgshift_compat")
            continue
        query = sql.SQL(
            "release savepoint pgshift_compat; select oid::int8 from pg_proc where oid::int8 > {}"
        ).format(sql.Literal(newest))
        cursor = conn.execute(query)
        cursor.nextset()  # the first result is the RELEASE
        created = [int(row[0]) for row in cursor.fetchall()]
        result.created.update((oid, statement) for oid in created)
        newest = max([newest, *created])
    return result


def read_routines(conn: psycopg.Connection[Any], created: dict[int, Statement]) -> list[Routine]:
    """Every routine in the database; positions from `created` (oid -> statement)."""
    previous = conn.execute("select current_setting('search_path')").fetchone()
    # pg_catalog only: format_type() then qualifies every type that is not built in.
    conn.execute("select set_config('search_path', 'pg_catalog', true)")
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute(read_query("compat", "routines")).fetchall()
    conn.execute("select set_config('search_path', %s, true)", [previous[0] if previous else ""])
    return [_routine(row, created.get(int(row["oid"]))) for row in rows]


def _routine(row: dict[str, Any], statement: Statement | None) -> Routine:
    types: list[str] = row["all_types"]
    modes: list[str] = row["modes"] or ["i"] * len(types)
    names: list[str] = list(row["names"]) + [""] * (len(types) - len(row["names"]))
    inputs = [i for i, m in enumerate(modes) if m in ("i", "b", "v")]
    outputs = [i for i, m in enumerate(modes) if m in ("o", "b", "t")]
    return Routine(
        schema=row["schema"],
        name=row["name"],
        kind=row["kind"],
        input_types=tuple(row["input_types"]),
        input_names=tuple(names[i] for i in inputs),
        variadic=bool(row["variadic"]),
        defaults=int(row["defaults"]),
        returns=row["returns"],
        returns_set=bool(row["returns_set"]),
        out_columns=tuple((names[i], types[i]) for i in outputs),
        path=statement.path if statement else "",
        line=statement.line if statement else 0,
        oid=int(row["oid"]),
    )


def drop_target_exists(conn: psycopg.Connection[Any], target: DropTarget) -> bool:
    """Whether a DROP FUNCTION target names a routine in the database (the server resolves it)."""
    conn.execute("savepoint pgshift_compat_resolve")
    try:
        if target.types is None:
            row = conn.execute(
                "select count(*) from pg_proc where proname = %s and pronamespace ="
                " case when %s::text is null then to_regnamespace(current_schema())"
                " else to_regnamespace(%s) end",
                [target.name, target.schema, target.schema],
            ).fetchone()
            return bool(row and row[0])
        row = conn.execute("select to_regprocedure(%s) is not null", [target.text]).fetchone()
        return bool(row and row[0])
    except psycopg.Error:
        conn.execute("rollback to savepoint pgshift_compat_resolve")
        return False
    finally:
        conn.execute("release savepoint pgshift_compat_resolve")
