"""Turn a server error into a `DatabaseError` that names the file, line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg

from ..db import redact_dsn
from ..errors import DatabaseError

Locator = Callable[[int], tuple[Path, int]]


def position_to_line_column(sql: str, position: int) -> tuple[int, int]:
    """PostgreSQL's 1-based character position -> 1-based (line, column)."""
    before = sql[: max(position - 1, 0)]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


def database_error(
    exc: psycopg.Error,
    sql: str,
    *,
    path: Path,
    first_line: int = 1,
    locate: Locator | None = None,
) -> DatabaseError:
    """Describe `exc` raised while running `sql`, which starts at line `first_line` of `path`.

    `locate` maps a line of `sql` to (file, line) when the text was joined from several files.
    """
    diag = exc.diag
    message = (diag.message_primary or str(exc)).strip()
    line = column = None
    context = ""
    where_path = path
    # A position past the end points into text pgshift appended (the history row), not the file.
    if diag.statement_position and int(diag.statement_position) <= len(sql):
        line, column = position_to_line_column(sql, int(diag.statement_position))
        source_line = sql.split("\n")[line - 1]
        context = f"\n    {source_line}\n    {' ' * (column - 1)}^"
        if locate is not None:
            where_path, line = locate(line)
        else:
            line += first_line - 1
    where = f"{where_path}:{line}:{column}" if line else f"{where_path}"
    extras = "".join(
        f"\n  {label}: {value}"
        for label, value in (("DETAIL", diag.message_detail), ("HINT", diag.message_hint))
        if value
    )
    code = f" [{diag.sqlstate}]" if diag.sqlstate else ""
    error = DatabaseError(
        redact_dsn(f"{where}: {message}{code}{context}{extras}"),
        path=where_path,
        line=line,
        column=column,
        sqlstate=diag.sqlstate,
    )
    error.__cause__ = exc
    return error
