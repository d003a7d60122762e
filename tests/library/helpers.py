"""Helpers shared by the library tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from psycopg import sql

from pgshift.library.session import set_session

# A name that breaks any DDL built by pasting text instead of quoting it.
HOSTILE = 'x"; drop table t; --'


@contextmanager
def acting_as(conn: psycopg.Connection, role: str | None = None, **session: Any) -> Iterator[None]:
    """A transaction running as `role` (SET LOCAL ROLE) with the library's session settings."""
    with conn.transaction():
        if role is not None:
            conn.execute(sql.SQL("set local role {}").format(sql.Identifier(role)))
        set_session(conn, **session)
        yield


def sqlstate_of(conn: psycopg.Connection, query: str, params: Any = None) -> tuple[str, str]:
    """Run `query` expecting an error; return its SQLSTATE and primary message."""
    with pytest.raises(psycopg.Error) as info, conn.transaction():
        conn.execute(query, params)
    return info.value.sqlstate or "", info.value.diag.message_primary or ""


def scalar(conn: psycopg.Connection, query: str, params: Any = None) -> Any:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]


def role_factory(conn: psycopg.Connection) -> Iterator[Callable[[], str]]:
    """Create non-superuser roles with unique names (roles are cluster-wide); drop them after."""
    created: list[str] = []

    def make() -> str:
        name = f"pgshift_test_{uuid.uuid4().hex[:12]}"
        conn.execute(
            sql.SQL("create role {} nologin nosuperuser nobypassrls").format(sql.Identifier(name))
        )
        created.append(name)
        return name

    yield make
    conn.execute("reset role")
    for name in created:
        conn.execute(sql.SQL("drop owned by {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("drop role {}").format(sql.Identifier(name)))
