"""One exported snapshot of the source, held open for the whole clone."""

from __future__ import annotations

from types import TracebackType
from typing import Any

import psycopg

from ..db import connect
from ._tools import server_encoding, session_settings


class Snapshot:
    """A REPEATABLE READ transaction on the source whose snapshot every reader imports.

    Use as a context manager; `.conn` reads in the snapshot and `.id` is what readers pass to
    `SET TRANSACTION SNAPSHOT` (or pg_dump's `--snapshot`).
    """

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.conn: psycopg.Connection[Any] = connect(dsn, autocommit=True)
        self.encoding = server_encoding(self.conn)
        self.session_sql = session_settings(int(self.conn.info.server_version), self.encoding)
        for statement in self.session_sql:
            self.conn.execute(statement)
        self.conn.execute("begin isolation level repeatable read read only")
        row = self.conn.execute("select pg_catalog.pg_export_snapshot()").fetchone()
        assert row is not None
        self.id: str = row[0]

    def import_sql(self) -> list[str]:
        """The statements that put another session into this snapshot."""
        return [
            *self.session_sql,
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            f"SET TRANSACTION SNAPSHOT '{self.id}'",  # an id is [0-9A-F-]; never user text
        ]

    def close(self) -> None:
        if not self.conn.closed:
            self.conn.close()

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
