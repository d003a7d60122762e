"""Judging SQL against a real server without a project: split, check, measure (rolled back) and
judge, as `lint_migrations` does for one migration, on a database that already holds the
application's tables."""

from __future__ import annotations

from pathlib import Path

import psycopg

from pgshift.lint.checks import check_statements
from pgshift.lint.judging import judge
from pgshift.lint.measure import Measurement, measure_statements
from pgshift.lint.model import Finding
from pgshift.lint.statements import Source, split_statements


def lint_sql(
    conn: psycopg.Connection | None, sql: str, *, path: Path = Path("m.sql")
) -> list[Finding]:
    """The findings for migration text `sql` (measured on `conn`; None: static only)."""
    source = Source(path, sql)
    split = split_statements(source)
    candidates = check_statements(split.statements, no_transaction=source.no_transaction)
    locks = None
    if conn is not None and not source.no_transaction:
        measurement = measure(conn, sql)
        assert measurement.failure is None, measurement.failure
        locks = measurement.locks
    return judge(split, candidates, locks)


def measure(conn: psycopg.Connection, sql: str) -> Measurement:
    split = split_statements(Source(Path("m.sql"), sql))
    return measure_statements(conn, split.statements, placeholders={})


def rules(findings: list[Finding]) -> list[tuple[int, str, str]]:
    """(line, rule, severity) of each finding."""
    return [(f.line, f.rule, f.severity) for f in findings]
