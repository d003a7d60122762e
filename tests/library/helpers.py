"""Helpers shared by the library tests."""

from __future__ import annotations

from collections.abc import Iterator
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
