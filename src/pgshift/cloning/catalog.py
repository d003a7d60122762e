"""What the source holds that a clone copies: tables (with their columns) and sequences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from ..queries import read_query
from ..sqltext import qualified

TableKey = tuple[str, str]  # (schema, name)


@dataclass(frozen=True)
class Table:
    """A table whose rows are copied. `copy_columns` leaves generated columns out."""

    schema: str
    name: str
    bytes: int
    copy_columns: tuple[str, ...]
    all_columns: tuple[str, ...]
    builtin_types: bool = False  # every copied column has a type that ships with PostgreSQL
    hashable: bool = False  # every column a built-in scalar type with a hash function
    stored_bytes: int = 0  # heap and TOAST (`bytes` is the heap alone)
    rows: float | None = None  # the source's row estimate (reltuples); None: it has none

    @property
    def label(self) -> str:
        """`schema.name` unquoted, for people: two tables may share one (`"a.b".c` and
        `a."b.c"`), so anything kept per table is keyed by `key`."""
        return f"{self.schema}.{self.name}"

    @property
    def key(self) -> TableKey:
        return (self.schema, self.name)

    @property
    def ident(self) -> sql.Composed:
        return qualified(self.schema, self.name)

    @property
    def has_generated(self) -> bool:
        return self.copy_columns != self.all_columns


@dataclass(frozen=True)
class SequenceValue:
    """A sequence and its state: `setval(name, last_value, is_called)` reproduces it."""

    schema: str
    name: str
    last_value: int
    is_called: bool

    @property
    def label(self) -> str:
        return f"{self.schema}.{self.name}"


def load_tables(conn: psycopg.Connection[Any]) -> list[Table]:
    """The tables to copy, largest first."""
    rows = conn.execute(read_query("cloning", "tables")).fetchall()
    return [
        Table(
            r[0],
            r[1],
            int(r[2]),
            tuple(r[3]),
            tuple(r[4]),
            bool(r[5]),
            bool(r[6]),
            int(r[7]),
            None if r[8] is None else float(r[8]),
        )
        for r in rows
    ]


def load_sequences(conn: psycopg.Connection[Any]) -> list[SequenceValue]:
    """Every sequence with its current state, read in one statement.

    Sequences are not transactional: read right after the snapshot is exported, a value is at
    or ahead of what the snapshot's rows used, never behind.
    """
    names = conn.execute(read_query("cloning", "sequences")).fetchall()
    if not names:
        return []
    parts = [
        sql.SQL("select {}::int as i, last_value, is_called from {}").format(
            sql.Literal(i), qualified(schema, name)
        )
        for i, (schema, name) in enumerate(names)
    ]
    query = sql.SQL(" union all ").join(parts) + sql.SQL(" order by i")
    values = conn.execute(query).fetchall()
    return [
        SequenceValue(schema, name, int(v[1]), bool(v[2]))
        for (schema, name), v in zip(names, values, strict=True)
    ]


def describe_objects(conn: psycopg.Connection[Any]) -> list[str]:
    """Up to five user objects of a database (`kind name`), empty for a fresh database."""
    return [f"{kind} {name}" for kind, name in conn.execute(read_query("cloning", "user_objects"))]
