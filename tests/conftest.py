"""Test fixtures: one PostgreSQL server per session, a fresh database per test.

The server is `PGSHIFT_TEST_DSN` when set (a superuser connection string), otherwise the
embedded server, started by the suite itself in a folder reused between runs. Each test's
database is made from an empty template with CREATE DATABASE ... TEMPLATE, which is fast.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from pgshift import server
from pgshift.db import with_database

# Per-process names: several test sessions may share one server (the suite reuses it).
TEMPLATE = f"pgshift_test_template_{os.getpid()}"
_DB_PREFIX = f"t_{os.getpid()}_"
SERVER_DIR = Path(
    os.environ.get("PGSHIFT_TEST_SERVER_DIR", Path.home() / ".cache" / "pgshift-tests")
)


@dataclass
class PgServer:
    """The session's server: `dsn(dbname)` builds a superuser connection string."""

    base_dsn: str

    def dsn(self, dbname: str) -> str:
        return with_database(self.base_dsn, dbname)

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.dsn(dbname), autocommit=True)

    def create_database(self, name: str | None = None) -> str:
        name = name or f"{_DB_PREFIX}{uuid.uuid4().hex[:12]}"
        with self.connect() as conn:
            conn.execute(
                sql.SQL("create database {} template {}").format(
                    sql.Identifier(name), sql.Identifier(TEMPLATE)
                )
            )
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="session")
def pg() -> Iterator[PgServer]:
    dsn = os.environ.get("PGSHIFT_TEST_DSN")
    started = False
    if not dsn:
        SERVER_DIR.mkdir(parents=True, exist_ok=True)
        started = server.status(SERVER_DIR) is None
        dsn = server.start(SERVER_DIR).url("postgres")
    pg = PgServer(dsn)
    with pg.connect() as conn:
        if started:
            # Speed for throwaway test databases; never for a user's server.
            conn.execute("alter system set fsync = off")
            conn.execute("alter system set synchronous_commit = off")
            conn.execute("select pg_reload_conf()")
        _drop_leftovers(conn)
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(TEMPLATE)))
    yield pg
    with pg.connect() as conn:
        conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(TEMPLATE)))
        others = conn.execute(
            "select count(*) from pg_database where datname like 'pgshift\\_test\\_template\\_%'"
        ).fetchone()
    if started and others == (0,):
        server.stop(SERVER_DIR)


def _drop_leftovers(conn: psycopg.Connection) -> None:
    """Drop databases left by test sessions that died (their pid no longer runs)."""
    rows = conn.execute(
        "select datname, substring(datname from '^(?:t|pgshift_test_template)_([0-9]+)')::int"
        " from pg_database where datname ~ '^(t|pgshift_test_template)_[0-9]+'"
    ).fetchall()
    for name, pid in rows:
        if pid is not None and not _pid_alive(pid):
            conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


@pytest.fixture
def database(pg: PgServer) -> Iterator[str]:
    """A fresh, empty database; yields its superuser connection string."""
    name = pg.create_database()
    yield pg.dsn(name)
    pg.drop_database(name)


@pytest.fixture
def shadow_database(pg: PgServer) -> Iterator[str]:
    name = pg.create_database()
    yield pg.dsn(name)
    pg.drop_database(name)


@pytest.fixture
def conn(database: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(database, autocommit=True) as connection:
        yield connection


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@dataclass
class Project:
    """A project folder whose pgshift.toml points at the test's databases."""

    root: Path
    database_url: str
    shadow_database_url: str

    @property
    def migrations(self) -> Path:
        return self.root / "migrations"

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def run(self, *args: str) -> CliResult:
        from pgshift.cli.main import main

        out, err = io.StringIO(), io.StringIO()
        old = Path.cwd()
        os.chdir(self.root)
        try:
            code = main(list(args), out, err)
        finally:
            os.chdir(old)
        return CliResult(code, out.getvalue(), err.getvalue())

    def query(self, text: str, params: object = None) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True) as c:
            cursor = c.execute(text, params)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture
def project(
    tmp_path: Path, database: str, shadow_database: str, monkeypatch: pytest.MonkeyPatch
) -> Project:
    for var in ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "app"
    root.mkdir()
    (root / "pgshift.toml").write_text(
        f'database_url = "{database}"\nshadow_database_url = "{shadow_database}"\n'
        "[library]\ninstall = false\n"
    )
    (root / "migrations" / "committed").mkdir(parents=True)
    return Project(root, database, shadow_database)


@dataclass
class AppDatabases:
    """A main and a shadow database owned by an ordinary login role (`role`), as an application
    has them; `root_url` is the test server's superuser, as a root connection is."""

    pg: PgServer
    role: str
    main: str  # database names
    shadow: str

    def url(self, dbname: str) -> str:
        """`dbname` as the application's role (a URL: graphile-migrate reads these too)."""
        parts = urlsplit(with_database(self.pg.base_dsn, dbname))
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=f"{self.role}@{host}"))

    @property
    def database_url(self) -> str:
        return self.url(self.main)

    @property
    def shadow_url(self) -> str:
        return self.url(self.shadow)

    @property
    def root_url(self) -> str:
        return self.pg.dsn("postgres")

    def create_database(self) -> str:
        """Another database owned by the role (dropped with the others)."""
        name = self.pg.create_database()
        with self.pg.connect() as conn:
            conn.execute(
                sql.SQL("alter database {} owner to {}").format(
                    sql.Identifier(name), sql.Identifier(self.role)
                )
            )
        self.extra.append(name)
        return name

    extra: list[str] = field(default_factory=list)


@pytest.fixture
def app_databases(pg: PgServer) -> Iterator[AppDatabases]:
    """Databases for tests of root actions and owners (the role is made for the test)."""
    role = f"app_{uuid.uuid4().hex[:10]}"
    with pg.connect() as conn:
        conn.execute(sql.SQL("create role {} login").format(sql.Identifier(role)))
    app = AppDatabases(pg, role, "", "")
    app.main, app.shadow = app.create_database(), app.create_database()
    yield app
    for name in app.extra:
        pg.drop_database(name)
    with pg.connect() as conn:
        conn.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(role)))
