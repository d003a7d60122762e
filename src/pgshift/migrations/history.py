"""The history tables (`migrations`, `current`) in the configured schema.

Same layout as graphile-migrate's `graphile_migrate` schema, so either tool reads the other's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql

from ..errors import PgshiftError


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


def ensure_history(conn: psycopg.Connection[Any], schema: str, *, manage: bool = True) -> None:
    """Create the history tables when missing; with `manage=False` only check that they exist.

    `manage=False` is graphile-migrate's `manageGraphileMigrateSchema: false`, for a role that
    may not create schemas: someone else keeps the tables, and pgshift refuses to go on without
    them.
    """
    if manage:
        conn.execute(_ddl(schema))
        return
    columns = dict(
        conn.execute(
            "select c.relname, count(a.attnum) from pg_class c"
            " join pg_namespace n on n.oid = c.relnamespace"
            " left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0"
            " and not a.attisdropped"
            " where n.nspname = %s and c.relname in ('migrations', 'current') and c.relkind = 'r'"
            " group by c.relname",
            [schema],
        ).fetchall()
    )
    for table, expected in (("migrations", 4), ("current", 3)):
        if columns.get(table) != expected:
            problem = "is missing" if table not in columns else "has the wrong columns"
            raise PgshiftError(
                f"the history table {schema}.{table} {problem}, and manage_history_schema is "
                "false (manageGraphileMigrateSchema in .gmrc): create the history tables "
                "(docs/formats.md) or let pgshift manage them"
            )


def read_applied(
    conn: psycopg.Connection[Any], schema: str, *, create: bool = True, manage: bool = True
) -> list[AppliedMigration]:
    """Every applied migration, oldest first. Creates the tables on first use when `create`
    (with `manage=False`: checks that they exist, see `ensure_history`)."""
    query = sql.SQL(
        "select filename, hash, previous_hash, date from {}.migrations order by filename"
    ).format(sql.Identifier(schema))
    try:
        # Callers use autocommit connections, so a missing table does not abort anything.
        rows = conn.execute(query).fetchall()
    except psycopg.errors.UndefinedTable:
        if not create:
            return []
        ensure_history(conn, schema, manage=manage)
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
