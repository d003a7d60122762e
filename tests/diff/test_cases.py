"""Diff cases: `cases/<name>/before.sql` builds both databases, `after.sql` then changes the
source; `expected.sql` is the SQL `diff` must write. The test checks that SQL, applies it to the
target, inspects both again and asserts nothing is left to change, and that every table still
holds the rows it held (the cases' SQL writes rows only in `before.sql`, so both sides hold the
same rows: a plan that dropped and re-created a table would lose them).

Every case also runs the other way: the source built from `before.sql` alone, the target from
`before.sql` and `after.sql`, the plan must undo `after.sql`, with the same checks.
`expected_reverse.sql`, when the case has one, is the SQL it must write then.

A case may hold `include`: names of `Include` flags (`privileges`, `owners`), one a line, for
what is compared beyond definitions; and `since`: the first PostgreSQL major version whose
syntax `after.sql` needs (SQL-standard function bodies: 14). On an older server the case checks
that the server refuses `after.sql`, so a floor set too high fails instead of hiding the case.

Set PGSHIFT_UPDATE_EXPECTED=1 to (re)write expected.sql files (and the expected_reverse.sql
files there are: create an empty one to have it written), then review them. The files hold
PostgreSQL 18's rendering of definitions (older servers print views differently, for example);
on another server (PGSHIFT_TEST_DSN) the SQL is still applied and checked by re-inspecting.
"""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from pgshift.diff import Include, compare, render
from pgshift.diff.order import order_changes
from pgshift.inspect import load_model

EXPECTED_MAJOR = 18
CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_case(case: Path, database: str, shadow_database: str) -> None:
    with (
        psycopg.connect(database, autocommit=True) as source,
        psycopg.connect(shadow_database, autocommit=True) as target,
    ):
        before = (case / "before.sql").read_text()
        source.execute(before)
        target.execute(before)
        if not _run_after(case, source):
            return
        _check_plan(case, source, target, case / "expected.sql")


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_case_reversed(case: Path, database: str, shadow_database: str) -> None:
    with (
        psycopg.connect(database, autocommit=True) as source,
        psycopg.connect(shadow_database, autocommit=True) as target,
    ):
        before = (case / "before.sql").read_text()
        source.execute(before)
        target.execute(before)
        if not _run_after(case, target):
            return
        _check_plan(case, source, target, case / "expected_reverse.sql")


def _run_after(case: Path, conn: psycopg.Connection) -> bool:
    """Run `after.sql` on `conn`; False when the server is older than the case's `since` (and
    then refuses the SQL, as it must)."""
    after = (case / "after.sql").read_text()
    if conn.info.server_version // 10000 < _since(case):
        with pytest.raises(psycopg.errors.SyntaxError):
            conn.execute(after)
        return False
    conn.execute(after)
    return True


def _check_plan(
    case: Path, source: psycopg.Connection, target: psycopg.Connection, expected: Path
) -> None:
    include = _include(case)
    changes = compare(load_model(source), load_model(target), include=include)
    script = render(changes, allow_destructive=True)
    # `pgshift diff` renders changes diff_databases has ordered already: ordering them again
    # must not change the plan (it moved a dropped table's "drop default" after the function
    # the default calls, found by review).
    assert render(order_changes(changes), allow_destructive=True) == script
    check = expected.exists() or expected.name == "expected.sql"
    if check and os.environ.get("PGSHIFT_UPDATE_EXPECTED"):
        expected.write_text(script)
    if check and source.info.server_version // 10000 == EXPECTED_MAJOR:
        assert script == expected.read_text()

    target.execute(script)
    assert compare(load_model(source), load_model(target), include=include) == []
    assert _rows(target) == _rows(source)


def _rows(conn: psycopg.Connection) -> dict[str, list[str]]:
    """Every table's rows as text, sorted: what a plan must keep."""
    result = {}
    for table in load_model(conn).tables:
        name = sql.SQL("{}.{}").format(sql.Identifier(table.schema), sql.Identifier(table.name))
        query = sql.SQL("select r::text from {} r").format(name)
        result[name.as_string(conn)] = sorted(row[0] for row in conn.execute(query))
    return result


def _include(case: Path) -> Include:
    include = Include.DEFINITIONS
    if (case / "include").exists():
        for name in (case / "include").read_text().split():
            include |= Include[name.upper()]
    return include


def _since(case: Path) -> int:
    """The PostgreSQL major version the case needs (`since` file), else 13."""
    path = case / "since"
    return int(path.read_text()) if path.exists() else 13
