"""Setting sequences exactly: `setval(seq, last_value, is_called)` for every sequence.

The same call serves serial, identity and free-standing sequences: it reproduces both the value
and whether it was used, so a sequence never used (an empty table's, `is_called` false) stays
unused, and nothing is derived from max(column). Type, increment, cache and cycle come with the
sequence's definition in pre-data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql

from ..sqltext import literal, qualified
from .catalog import SequenceValue


def set_sequences(conn: psycopg.Connection[Any], values: Sequence[SequenceValue]) -> None:
    """Set every sequence in one statement."""
    if not values:
        return
    calls = [
        sql.SQL("pg_catalog.setval({}::pg_catalog.regclass, {}, {})").format(
            literal(qualified(v.schema, v.name).as_string(None)),
            literal(v.last_value),
            literal(v.is_called),
        )
        for v in values
    ]
    conn.execute(sql.SQL("select ") + sql.SQL(", ").join(calls))


def compare_sequences(
    expected: Sequence[SequenceValue], actual: Sequence[SequenceValue]
) -> list[str]:
    """Differences between the source's sequences (at the snapshot) and the target's."""
    have = {v.label: v for v in actual}
    problems = []
    for want in expected:
        got = have.get(want.label)
        if got is None:
            problems.append(f"sequence {want.label} is missing on the target")
        elif (got.last_value, got.is_called) != (want.last_value, want.is_called):
            problems.append(
                f"sequence {want.label}: source ({want.last_value}, is_called={want.is_called}),"
                f" target ({got.last_value}, is_called={got.is_called})"
            )
    return problems
