"""One test process's databases: cloned from the template, dropped after their test.

Each is named `pgshift_<project key>_<host>_<pid>_<n>`, so that a later session can tell the
databases a dead process left behind (killed, or kept with `--pgshift-keep`) from those of
sessions still running, and drop them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import psycopg
from psycopg import sql

from ..config import Config
from ..db import connect, with_database
from ..errors import PgshiftError
from .servers import TestServer
from .templates import BuildFailed, compute_fingerprint, drop_database, ensure_template
from .templates import project_key as key_of
from .templates import template_name as template_name_for


class Databases:
    """Test databases on one server, made by this process through one maintenance connection.

    `failure` is set when the template could not be built: `create()` then refuses, and
    `create(empty=True)` still works (for the built-in checks).
    """

    def __init__(self, server: TestServer, config: Config) -> None:
        self.server = server
        self.config = config
        self.admin = connect(server.admin_url)
        host = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:4]
        self._own_prefix = f"pgshift_{key_of(config.root)}_{host}_"
        self._counter = 0
        self._maker = _Worker(server.admin_url, "pgshift-create")
        self._dropper = _Worker(server.admin_url, "pgshift-drop")
        self._ahead: Future[str] | None = None
        self.template: str | None = None
        self.failure: BuildFailed | None = None

    def prepare(self, *, run_id: str | None) -> None:
        """Drop what dead processes left, then find or build the template."""
        self._drop_leftovers()
        fingerprint = compute_fingerprint(self.config, tablespace=self.server.tablespace)
        name = template_name_for(self.config, fingerprint)
        self.failure = ensure_template(
            self.admin,
            self.config,
            name=name,
            fingerprint=fingerprint,
            admin_url=self.server.admin_url,
            tablespace=self.server.tablespace,
            run_id=run_id,
        )
        self.template = name if self.failure is None else None

    def url(self, name: str) -> str:
        return with_database(self.server.admin_url, name)

    def create(self, *, empty: bool = False) -> str:
        """A new database: a clone of the template, or with `empty` an empty one (from the
        server's default template). Returns its name.

        Clones are made one ahead, on a thread of their own: the next test's database is
        copied while this one runs.
        """
        if empty:
            return self._create(self.admin, self._new_name(), template=None)
        template = self.template
        if template is None:
            raise RuntimeError("the template is not ready")
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            name = ahead.result()
        else:
            name = self._create(self.admin, self._new_name(), template=template)
        upcoming = self._new_name()
        self._ahead = self._maker.submit(
            lambda conn: self._create(conn, upcoming, template=template)
        )
        return name

    def release(self, name: str) -> None:
        """Drop `name`, on the dropping thread: the test need not wait for it.

        DROP DATABASE waits, in steps of 100 ms, for the backends of the test's connections to
        exit, and they have only just been closed. A database that thread fails to drop is left
        to the next session's leftover cleanup.
        """
        self._dropper.submit(lambda conn: _drop_quietly(conn, name))

    def close(self) -> None:
        """Drop the database made ahead, wait for the drops, and close the connections (the
        main one holds the template's lock)."""
        try:
            if self._ahead is not None:
                with contextlib.suppress(PgshiftError):
                    self.release(self._ahead.result())
                self._ahead = None
            self._maker.close()
            self._dropper.close()
        finally:
            self.admin.close()

    def _new_name(self) -> str:
        self._counter += 1
        return f"{self._own_prefix}{os.getpid()}_{self._counter}"

    def _create(self, conn: psycopg.Connection[Any], name: str, *, template: str | None) -> str:
        create = sql.SQL("create database {}").format(sql.Identifier(name))
        if template is not None:
            create += sql.SQL(" template {}").format(sql.Identifier(template))
        if self.config.database_owner:
            create += sql.SQL(" owner {}").format(sql.Identifier(self.config.database_owner))
        if self.server.tablespace:
            create += sql.SQL(" tablespace {}").format(sql.Identifier(self.server.tablespace))
        if self.server.file_copy:
            # Copying the files of a template in memory beats writing each block to the WAL
            # (the default); the checkpoints it costs are cheap without fsync.
            create += sql.SQL(" strategy file_copy")
        try:
            conn.execute(create)
        except psycopg.Error as exc:
            raise PgshiftError(f"could not create a test database: {exc}".strip()) from exc
        return name

    def _drop_leftovers(self) -> None:
        pattern = f"^{self._own_prefix}([0-9]+)_[0-9]+$"  # the prefix is letters, digits, _
        rows: list[tuple[Any, ...]] = self.admin.execute(
            "select datname, (regexp_match(datname, %s))[1]::int from pg_database"
            " where datname ~ %s",
            [pattern, pattern],
        ).fetchall()
        for name, pid in rows:
            if not _is_running(pid):
                drop_database(self.admin, name)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


_T = TypeVar("_T")


class _Worker:
    """A thread with a connection of its own to the server, doing what it is given in order."""

    def __init__(self, admin_url: str, name: str) -> None:
        self._admin_url = admin_url
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._conn: psycopg.Connection[Any] | None = None

    def submit(self, work: Callable[[psycopg.Connection[Any]], _T]) -> Future[_T]:
        return self._executor.submit(self._run, work)

    def _run(self, work: Callable[[psycopg.Connection[Any]], _T]) -> _T:
        if self._conn is None:
            self._conn = connect(self._admin_url)
        return work(self._conn)

    def close(self) -> None:
        """Finish what was given, then close the connection."""
        self._executor.shutdown(wait=True)
        if self._conn is not None:
            self._conn.close()


def _drop_quietly(conn: psycopg.Connection[Any], name: str) -> None:
    with contextlib.suppress(psycopg.Error):
        drop_database(conn, name)
