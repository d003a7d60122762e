"""Diff cases: `cases/<name>/before.sql` builds both databases, `after.sql` then changes the
source; `expected.sql` is the SQL `diff` must write. The test checks that SQL, applies it to the
target, inspects both again and asserts nothing is left to change.

A case may hold `include`: names of `Include` flags (`privileges`, `owners`), one a line, for
what is compared beyond definitions; and `since`: the first PostgreSQL major version whose
syntax `after.sql` needs (SQL-standard function bodies: 14). On an older server the case checks
that the server refuses `after.sql`, so a floor set too high fails instead of hiding the case.

Set PGSHIFT_UPDATE_EXPECTED=1 to (re)write expected.sql files, then review them. The files
hold PostgreSQL 18's rendering of definitions (older servers print views differently, for
example); on another server (PGSHIFT_TEST_DSN) the SQL is still applied and checked by re-inspecting.
"""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from pgshift.diff import Include, compare, render
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
        after = (case / "after.sql").read_text()
        since = _since(case)
        if source.info.server_version // 10000 < since:
            with pytest.raises(psycopg.errors.SyntaxError):
                source.execute(after)
            return
        source.execute(after)

        include = _include(case)
        changes = compare(load_model(source), load_model(target), include=include)
        script = render(changes, allow_destructive=True)
        expected = case / "expected.sql"
        if os.environ.get("PGSHIFT_UPDATE_EXPECTED"):
            expected.write_text(script)
        if source.info.server_version // 10000 == EXPECTED_MAJOR:
            assert script == expected.read_text()

        target.execute(script)
        assert compare(load_model(source), load_model(target), include=include) == []


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
