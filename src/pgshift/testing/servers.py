"""Which server the test databases live on: a connection string given by the user, or the
project's own embedded test server.

The embedded test server is a cluster of its own, apart from the project's development server
(`pgshift db start`): its "project folder" is `.pgshift/<project>-tests` inside the project, so it
has its own data folder, socket and lock, and `pgshift db list` shows it under that name. It is
started on first use and left running for the next session, as the development server is. Its
data is disposable, so it runs without fsync, and where the machine has a memory file system
(`/dev/shm`) the test databases live there, in a tablespace: cloning a database is then a copy
from memory to memory (about 5x faster than to disk here).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from .. import server
from ..db import connect
from ..server.accounts import private_dir

MEMORY_TABLESPACE = "pgshift_memory"
_MEMORY_ROOT = Path("/dev/shm")


@dataclass(frozen=True)
class TestServer:
    """Where test databases are made: `admin_url` is a superuser connection string to the
    server's maintenance database. On the embedded test server, `tablespace` is the memory
    tablespace (None elsewhere) and clones are copied file by file (`file_copy`)."""

    __test__ = False  # not a test class, whatever pytest makes of the name

    admin_url: str
    embedded: bool
    tablespace: str | None = None

    @property
    def file_copy(self) -> bool:
        return self.tablespace is not None


def server_folder(root: Path) -> Path:
    """The folder the embedded test server of the project at `root` is keyed by."""
    root = root.resolve()
    return root / ".pgshift" / f"{root.name}-tests"


def choose_server(root: Path, *, dsn: str | None, in_memory: bool) -> TestServer:
    """`dsn` when given; otherwise start (or find running) the project's embedded test server."""
    if dsn:
        return TestServer(dsn, embedded=False)
    folder = server_folder(root)
    memory = _memory_folder(folder)
    with _locked(folder):
        # A memory folder that is gone (a reboot) is made again before the server starts: the
        # crash recovery that may follow a reboot writes into it. (Also with in_memory off:
        # an earlier session may have made the tablespace.)
        fresh = memory is not None and not memory.is_dir()
        if memory is not None and fresh:
            private_dir(memory, server.layout_for(folder).run_as)
        info = server.start(folder)
        admin_url = info.url("postgres")
        with connect(admin_url) as conn:
            _turn_off_durability(conn)
            tablespace = None
            if memory is not None:
                tablespace = _memory_tablespace(conn, memory, fresh=fresh, wanted=in_memory)
    return TestServer(admin_url, embedded=True, tablespace=tablespace)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One process at a time sets the server up (pytest-xdist starts several at once)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "tests.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stop_test_server(root: Path | str = ".") -> bool:
    """Stop the embedded test server of the project at `root`; False when it was not running."""
    return server.stop(server_folder(Path(root)))


def destroy_test_server(root: Path | str = ".") -> bool:
    """Stop the embedded test server of the project at `root` and delete it, with its memory
    folder; False when there was none."""
    folder = server_folder(Path(root))
    destroyed = server.destroy(folder) is not None
    memory = _memory_folder(folder)
    if memory is not None and memory.exists():
        shutil.rmtree(memory)
        destroyed = True
    return destroyed


def _turn_off_durability(conn: psycopg.Connection[Any]) -> None:
    # Throwaway databases on a server of their own; never done to a server the user names.
    row = conn.execute("select current_setting('fsync')").fetchone()
    if row == ("on",):
        conn.execute("alter system set fsync = off")
        conn.execute("select pg_reload_conf()")


def _memory_folder(folder: Path) -> Path | None:
    if not (_MEMORY_ROOT.is_dir() and os.access(_MEMORY_ROOT, os.W_OK | os.X_OK)):
        return None
    return _MEMORY_ROOT / f"pgshift-{server.layout_for(folder).name}"


def _memory_tablespace(
    conn: psycopg.Connection[Any], memory: Path, *, fresh: bool, wanted: bool
) -> str | None:
    """The memory tablespace when `wanted`, made when missing.

    A memory file system is empty after a reboot (`fresh`): the databases the tablespace held
    are gone from it but not from the catalog, so they are dropped with the tablespace, which is
    then made anew (when `wanted`) in the emptied folder.
    """
    exists = conn.execute(
        "select 1 from pg_tablespace where spcname = %s", [MEMORY_TABLESPACE]
    ).fetchone()
    if exists and not fresh:
        return MEMORY_TABLESPACE if wanted else None
    if exists:
        _drop_memory_tablespace(conn)
    for entry in memory.iterdir():  # what recovery wrote, or a deleted cluster left
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if not wanted:
        return None
    tablespace = sql.Identifier(MEMORY_TABLESPACE)
    conn.execute(
        sql.SQL("create tablespace {} location {}").format(tablespace, sql.Literal(str(memory)))
    )
    return MEMORY_TABLESPACE


def _drop_memory_tablespace(conn: psycopg.Connection[Any]) -> None:
    rows = conn.execute(
        "select d.datname from pg_database d join pg_tablespace t on t.oid = d.dattablespace"
        " where t.spcname = %s",
        [MEMORY_TABLESPACE],
    ).fetchall()
    for (name,) in rows:
        conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))
    conn.execute(sql.SQL("drop tablespace {}").format(sql.Identifier(MEMORY_TABLESPACE)))
