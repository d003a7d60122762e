"""Advisory locks between test sessions and pytest-xdist workers on one server.

Keys are derived from text with "pgshift tests" in it, so they never meet the lock that
`migrate` takes (`db.advisory_lock`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg


def lock_id(text: str) -> int:
    """The signed 64-bit advisory lock key for `text`."""
    digest = hashlib.sha256(f"pgshift tests: {text}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def held(conn: psycopg.Connection[Any], text: str) -> Iterator[None]:
    """Hold the exclusive session lock for `text` during the block (waiting for it)."""
    key = lock_id(text)
    conn.execute("select pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        conn.execute("select pg_advisory_unlock(%s)", [key])
