"""`diff --online`: plans for a database in use.

Every case folder of test_cases.py is planned online too and applied as the plan says (with
autocommit, statement by statement), then checked like the others: nothing left to change, no
row lost. The plan's text is checked exactly on a table that gets everything at once; plans are
applied while a second connection keeps reading the table, which must never wait for a lock
longer than a short lock_timeout (the same plan without --online makes it wait: the control).
"""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest
from pglast import parser
from test_cases import CASES, _include, _rows, _run_after

from pgshift.diff import compare, render
from pgshift.diff.online import HEADER
from pgshift.inspect import load_model


def apply_plan(conn: psycopg.Connection, script: str) -> list[tuple[str, float, float]]:
    """Run `script` as its header says (psql without -1 would): with autocommit, one statement
    at a time. Returns each statement with when it started and ended (time.monotonic())."""
    assert conn.autocommit
    timings = []
    for statement in parser.split(script):
        start = time.monotonic()
        conn.execute(statement)
        timings.append((statement, start, time.monotonic()))
    assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    return timings


def plan(source: psycopg.Connection, target: psycopg.Connection, **options: object) -> str:
    target_model = load_model(target)
    changes = compare(load_model(source), target_model, **options)  # type: ignore[arg-type]
    return render(changes, allow_destructive=True, online=True, target=target_model)


# --- every case, online -------------------------------------------------------------------------


@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_case_online(case: Path, reverse: bool, database: str, shadow_database: str) -> None:
    with (
        psycopg.connect(database, autocommit=True) as source,
        psycopg.connect(shadow_database, autocommit=True) as target,
    ):
        before = (case / "before.sql").read_text()
        source.execute(before)
        target.execute(before)
        if not _run_after(case, target if reverse else source):
            return
        include = _include(case)
        script = plan(source, target, include=include)
        assert script.startswith(HEADER)
        apply_plan(target, script)
        assert compare(load_model(source), load_model(target), include=include) == []
        assert _rows(target) == _rows(source)
