"""What the clone tests compare: rows, sequences and schema dumps of two databases."""

from __future__ import annotations

from pathlib import Path

import psycopg

from pgshift.cloning.catalog import load_sequences, load_tables
from pgshift.cloning.verify import checksum_sql, normalized_schema


def fixture_sql() -> str:
    return (Path(__file__).parent / "fixture.sql").read_text()


def contents(dsn: str) -> dict[str, object]:
    """Per-table (rows, checksum) and per-sequence state of a database."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        tables = {t.label: conn.execute(checksum_sql(t)).fetchone() for t in load_tables(conn)}
        sequences = {s.label: (s.last_value, s.is_called) for s in load_sequences(conn)}
    return {"tables": tables, "sequences": sequences}


def schema_text(dsn: str) -> str:
    return normalized_schema(dsn)


def model_changes(source: str, target: str) -> list[object]:
    """`pgshift diff SOURCE TARGET` as data: empty when the schemas match."""
    from pgshift.diff import compare
    from pgshift.inspect import load_model

    with (
        psycopg.connect(source, autocommit=True) as a,
        psycopg.connect(target, autocommit=True) as b,
    ):
        return list(compare(load_model(a), load_model(b)))
