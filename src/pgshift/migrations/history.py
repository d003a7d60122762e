"""The history tables (`migrations`, `current`) in the configured schema.

Same layout as graphile-migrate's `graphile_migrate` schema, so either tool reads the other's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql


@dataclass(frozen=True)
class AppliedMigration:
    filename: str
    hash: str
    previous_hash: str | None
    date: datetime


def _ddl(schema: str) -> sql.Composed:
    s = sql.Identifier(schema)
    return sql.SQL(
        "create schema if not exists {s};"
        " create table if not exists {s}.migrations ("
        " hash text primary key,"
        " previous_hash text references {s}.migrations,"
        " filename text not null,"
        " date timestamptz not null default now());"
        " create table if not exists {s}.current ("
        " filename text primary key default 'current.sql',"
        " content text not null,"
        " date timestamptz not null default now());"
    ).format(s=s)


def ensure_history(conn: psycopg.Connection[Any], schema: str) -> None:
    conn.execute(_ddl(schema))


def read_applied(
    conn: psycopg.Connection[Any], schema: str, *, create: bool = True
) -> list[AppliedMigration]:
    """Every applied migration, oldest first. Creates the tables on first use when `create`."""
    query = sql.SQL(
        "select filename, hash, previous_hash, date from {}.migrations order by filename"
    ).format(sql.Identifier(schema))
    try:
        # Callers use autocommit connections, so a missing table does not abort anything.
        rows = conn.execute(query).fetchall()
    except psycopg.errors.UndefinedTable:
        if not create:
            return []
        ensure_history(conn, schema)
        return []
    return [AppliedMigration(*row) for row in rows]


def record_applied(
    conn: psycopg.Connection[Any],
    schema: str,
    *,
    hash: str,
    previous_hash: str | None,
    filename: str,
) -> None:
    conn.execute(
        sql.SQL(
            "insert into {}.migrations (hash, previous_hash, filename) values (%s, %s, %s)"
        ).format(sql.Identifier(schema)),
        [hash, previous_hash, filename],
    )


def forget_applied(conn: psycopg.Connection[Any], schema: str, *, hash: str) -> None:
    conn.execute(
        sql.SQL("delete from {}.migrations where hash = %s").format(sql.Identifier(schema)), [hash]
    )


def read_current_content(
    conn: psycopg.Connection[Any], schema: str, *, lock: bool = False
) -> str | None:
    s = sql.Identifier(schema)
    if lock:
        conn.execute(sql.SQL("lock table {}.current in exclusive mode").format(s))
    row = conn.execute(
        sql.SQL("select content from {}.current where filename = 'current.sql'").format(s)
    ).fetchone()
    return row[0] if row else None


def save_current_content(conn: psycopg.Connection[Any], schema: str, content: str) -> None:
    conn.execute(
        sql.SQL(
            "insert into {}.current (content) values (%s) on conflict (filename)"
            " do update set content = excluded.content, date = excluded.date"
        ).format(sql.Identifier(schema)),
        [content],
    )


def clear_current_content(conn: psycopg.Connection[Any], schema: str) -> None:
    conn.execute(
        sql.SQL("delete from {}.current where filename = 'current.sql'").format(
            sql.Identifier(schema)
        )
    )
