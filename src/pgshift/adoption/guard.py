"""The guard: never start pgshift's history on a database another tool's history describes.

Started there, `migrate` would run every migration again over a schema that already has them.
The engine calls `refuse_foreign_history` only when pgshift's own history is empty, so a
database pgshift already manages pays nothing for it; this module imports no more than it must
for that reason (the engine loads it on every run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ForeignHistoryError

if TYPE_CHECKING:
    import psycopg

    from .histories import ForeignHistory


def refuse_foreign_history(conn: psycopg.Connection[Any], history_schema: str) -> None:
    """Raise `ForeignHistoryError` when the database holds another tool's history.

    Call it before pgshift writes anything, when its history (`history_schema.migrations`) is
    empty or missing. A history table that records nothing applied does not count.
    """
    from .histories import find_history_tables, read_history

    tables = find_history_tables(conn, own_schema=history_schema)
    if not tables:
        return
    histories = [h for h in (read_history(conn, t) for t in tables) if h.records_anything]
    if histories:
        raise ForeignHistoryError(describe_refusal(histories), histories=histories)


def describe_refusal(histories: list[ForeignHistory]) -> str:
    """The refusal: each history found, and the way to take over from the first one."""
    found = " and ".join(_describe(h) for h in histories)
    return (
        f"the database already holds {found}; pgshift would apply every migration again. "
        + _next_step(histories[0])
    )


def _describe(history: ForeignHistory) -> str:
    tool = history.table.tool
    if history.unreadable:
        state = "not readable by this user"
    elif history.latest is None:
        state = "dirty, no version"
    else:
        state = f"{tool.noun} {history.latest}" + (", dirty" if history.dirty else "")
    return f"{tool.label}'s history ({history.table.display}, {state})"


def _next_step(history: ForeignHistory) -> str:
    table = history.table
    tool = table.tool
    if tool.name == "graphile-migrate":
        return (
            'Continue that history with history_schema = "graphile_migrate" in pgshift.toml '
            "(see docs/adopting.md)"
        )
    if not tool.importable:
        return f"pgshift cannot import {tool.label} projects: see docs/adopting.md"
    option = "" if table.name == tool.table else f" --table {table.display}"
    return (
        f"Import the migrations with 'pgshift import {tool.name} DIR' and record them as "
        f"applied with 'pgshift adopt {tool.name}{option}'"
    )
