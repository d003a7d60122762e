"""Turn a server error into a `DatabaseError` that names the file, line and column.

The server gives a position for errors it finds while parsing. For errors it finds while
running a statement (a duplicate key, a division by zero, a RAISE in PL/pgSQL) it gives none,
so `located_error` finds the failing statement itself: on the failure path only, it splits the
text with PostgreSQL's parser and re-runs it, bisecting by savepoints, in a transaction that is
always rolled back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import psycopg

from ..db import redact_dsn
from ..errors import DatabaseError
from .placeholders import source_position

Locator = Callable[[int], tuple[Path, int]]


def position_to_line_column(sql: str, position: int) -> tuple[int, int]:
    """PostgreSQL's 1-based character position -> 1-based (line, column)."""
    before = sql[: max(position - 1, 0)]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


def located_error(
    conn: psycopg.Connection[Any],
    exc: psycopg.Error,
    sql: str,
    *,
    path: Path,
    first_line: int = 1,
    locate: Locator | None = None,
    rerun: bool = True,
    offset: int = 0,
    source: tuple[str, Mapping[str, str]] | None = None,
) -> DatabaseError:
    """`database_error`, with the failing statement found by re-running when the server gave
    no position. Call it after the failed transaction has been rolled back; `rerun=False` where
    running the text again is not allowed (it then locates only a single-statement text)."""
    position = None
    if not exc.diag.statement_position:
        position = find_failing_statement(conn, sql, exc.diag.sqlstate, rerun=rerun)
    return database_error(
        exc,
        sql,
        path=path,
        first_line=first_line,
        locate=locate,
        position=position,
        offset=offset,
        source=source,
    )


# The search for the failing statement may not cost more than this, and never waits long for
# a lock: the first run held its locks, but a session queued behind it may hold them now.
RERUN_SECONDS = 10.0
RERUN_LOCK_TIMEOUT = "1s"

# The first words of statements that end or open transactions: re-running them inside the
# rolled-back transaction could commit it, so a text holding one is never re-run.
_TRANSACTION_WORDS = frozenset(
    {"begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "prepare"}
)


def statement_slices(sql: str) -> list[slice] | None:
    """Each statement's slice of `sql` (without its `;`), or None when it cannot be split."""
    from pglast import parser

    for with_parser in (True, False):  # the scanner copes with syntax the parser lacks
        try:
            return list(parser.split(sql, with_parser=with_parser, only_slices=True))
        except Exception:  # noqa: S112 - pglast raises its own ParseError family
            continue
    return None


def find_failing_statement(
    conn: psycopg.Connection[Any], sql: str, sqlstate: str | None, *, rerun: bool = True
) -> int | None:
    """The 1-based character position in `sql` of the statement that raises `sqlstate`.

    None when it cannot be told: the text does not split, holds transaction control, or the
    re-run does not fail the same way (the failure depended on something else).
    """
    slices = statement_slices(sql)
    if not slices:
        return None
    if len(slices) == 1:
        return int(slices[0].start) + 1
    if not rerun or conn.closed or conn.broken:
        return None
    if any(_first_word(sql[s]) in _TRANSACTION_WORDS for s in slices):
        return None
    deadline = time.monotonic() + RERUN_SECONDS
    # The text may set its own statement_timeout (even to 0): a watchdog cancels the re-run
    # at the deadline whatever it does.
    watchdog = threading.Timer(RERUN_SECONDS, conn.cancel_safe)
    watchdog.start()
    try:
        with conn.transaction(force_rollback=True):
            conn.execute("select set_config('lock_timeout', %s, true)", [RERUN_LOCK_TIMEOUT])
            return _bisect(conn, sql, slices, sqlstate, deadline)
    except (psycopg.Error, TimeoutError):
        return None
    finally:
        watchdog.cancel()


def _first_word(statement: str) -> str:
    from pglast import parser

    tokens = parser.scan(statement)
    return statement[tokens[0].start : tokens[0].end + 1].lower() if tokens else ""


def _bisect(
    conn: psycopg.Connection[Any],
    sql: str,
    slices: Sequence[slice],
    sqlstate: str | None,
    deadline: float,
) -> int | None:
    # Invariant: statements before `low` ran without error (their effects are kept, as the
    # failing statement may depend on them); the failing one is in [low, high).
    low, high = 0, len(slices)
    while high - low > 1:
        middle = (low + high) // 2
        text = sql[slices[low].start : slices[middle - 1].stop]
        if _raises(conn, text, deadline) is not None:
            high = middle
        else:
            low = middle
    failing = slices[low]
    error = _raises(conn, sql[failing], deadline)
    if error is None or error.sqlstate != sqlstate:
        return None
    return int(failing.start) + 1


def _raises(conn: psycopg.Connection[Any], text: str, deadline: float) -> psycopg.Error | None:
    """Run `text` in a savepoint: kept when it succeeds, rolled back and returned when not."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    conn.execute("select set_config('statement_timeout', %s, true)", [f"{int(left * 1000)}ms"])
    try:
        with conn.transaction():
            conn.execute(text)
    except psycopg.Error as exc:
        if conn.broken:
            raise
        return exc
    return None


def database_error(
    exc: psycopg.Error,
    sql: str,
    *,
    path: Path,
    first_line: int = 1,
    locate: Locator | None = None,
    position: int | None = None,
    offset: int = 0,
    source: tuple[str, Mapping[str, str]] | None = None,
) -> DatabaseError:
    """Describe `exc` raised while running `sql`, which starts at line `first_line` of `path`.

    `locate` maps a line of `sql` to (file, line) when the text was joined from several files.
    `position` (1-based, in characters) stands in when the server gave none. `offset`: how many
    characters the query sent held before `sql` (the server's position counts them).
    """
    diag = exc.diag
    message = (diag.message_primary or str(exc)).strip()
    line = column = None
    context = ""
    where_path = path
    if diag.statement_position:
        position = int(diag.statement_position) - offset
    # A position past the end points into text pgshift appended (the history row), not the file;
    # one just past it is the end of the input ("syntax error at end of input").
    if position and 0 < position <= len(sql) + 1:
        shown = sql
        if source is not None:  # positions in the text as written, not as placeholders made it
            shown, values = source
            position = source_position(shown, values, position)
        line, column = position_to_line_column(shown, min(position, len(shown) + 1))
        source_line = shown.split("\n")[line - 1]
        context = f"\n    {source_line}\n    {' ' * (column - 1)}^"
        if locate is not None:
            where_path, line = locate(line)
        else:
            line += first_line - 1
    where = f"{where_path}:{line}:{column}" if line else f"{where_path}"
    extras = "".join(
        f"\n  {label}: " + value.strip().replace("\n", "\n    ")
        for label, value in (
            ("DETAIL", diag.message_detail),
            ("HINT", diag.message_hint),
            ("CONTEXT", diag.context),
        )
        if value
    )
    code = f" [{diag.sqlstate}]" if diag.sqlstate else ""
    detail = redact_dsn(f"{message}{code}{context}{extras}")
    error = DatabaseError(
        f"{redact_dsn(where)}: {detail}",
        path=where_path,
        line=line,
        column=column,
        sqlstate=diag.sqlstate,
        detail=detail,
    )
    error.__cause__ = exc
    return error
