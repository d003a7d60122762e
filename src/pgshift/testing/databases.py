"""One test process's databases: cloned from the template, dropped after their test.

Each is named `pgshift_<project key>_<host>_<pid>_<n>`, so that a later session can tell the
databases a dead process left behind (killed, or kept with `--pgshift-keep`) from those of
sessions still running, and drop them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import socket
import threading
from typing import Any

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
        self._dropper = _Dropper(server.admin_url)
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
        server's default template). Returns its name."""
        template = None if empty else self.template
        if not empty and template is None:
            raise RuntimeError("the template is not ready")
        self._counter += 1
        name = f"{self._own_prefix}{os.getpid()}_{self._counter}"
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
        self.admin.execute(create)
        return name

    def release(self, name: str) -> None:
        """Drop `name`, on the dropping thread: the test need not wait for it."""
        self._dropper.drop(name)

    def close(self) -> None:
        """Wait for the drops, and close the connection (ending the template lock)."""
        try:
            self._dropper.close()
        finally:
            self.admin.close()

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


class _Dropper:
    """Drops databases on a thread of its own, through a connection of its own.

    DROP DATABASE waits, in steps of 100 ms, for the backends of the test's connections to
    exit, and they have only just been closed; the next test need not wait for that. A database
    this thread fails to drop is left to the next session's leftover cleanup.
    """

    def __init__(self, admin_url: str) -> None:
        self._admin_url = admin_url
        self._queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def drop(self, name: str) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="pgshift-drop", daemon=True)
            self._thread.start()
        self._queue.put(name)

    def close(self) -> None:
        """Drop what is queued, then stop the thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        try:
            conn = connect(self._admin_url)
        except PgshiftError:
            return
        with conn:
            while (name := self._queue.get()) is not None:
                with contextlib.suppress(psycopg.Error):
                    drop_database(conn, name)
