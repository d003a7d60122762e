"""Clone fixtures: a source database loaded with fixture.sql, an empty target, and a
throwaway PostgreSQL 15 server (an older target) listening on TCP with password auth."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from pgshift.cloning import inprocess

from .helpers import fixture_sql

PG15_BINDIR = Path("/usr/lib/postgresql/15/bin")
PG15_PASSWORD = "pg15-s3cret-pw"


@pytest.fixture
def source(database: str) -> str:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(fixture_sql())
    return database


@pytest.fixture
def target(shadow_database: str) -> str:
    return shadow_database


@dataclass
class Pg15:
    port: int

    def dsn(self, dbname: str, password: str = PG15_PASSWORD) -> str:
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
        return self.dsn(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg15() -> Iterator[Pg15]:
    """PostgreSQL 15 from /usr/lib/postgresql/15 (run as `postgres` when the suite is root)."""
    if not (PG15_BINDIR / "postgres").exists():
        pytest.fail(f"PostgreSQL 15 is needed at {PG15_BINDIR} for the older-target tests")
    as_user: dict[str, object] = {}
    parent = Path(tempfile.mkdtemp(prefix="pgshift-pg15-"))
    parent.chmod(0o755)
    home = parent / "cluster"
    home.mkdir()
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(home, entry.pw_uid, entry.pw_gid)
        as_user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    pwfile = home / "pw"
    pwfile.write_text(PG15_PASSWORD + "\n")
    if as_user:
        os.chown(pwfile, as_user["user"], as_user["group"])  # type: ignore[arg-type]
    port = _free_port()
    run = {"check": True, "capture_output": True, "cwd": str(home), **as_user}
    subprocess.run(
        [
            str(PG15_BINDIR / "initdb"),
            "-D",
            str(home / "data"),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        **run,  # type: ignore[arg-type]
    )
    subprocess.run(
        [
            str(PG15_BINDIR / "pg_ctl"),
            "start",
            "-w",
            "-D",
            str(home / "data"),
            "-l",
            str(home / "log"),
            "-o",
            f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off",
        ],
        **run,  # type: ignore[arg-type]
    )
    try:
        yield Pg15(port)
    finally:
        subprocess.run(
            [str(PG15_BINDIR / "pg_ctl"), "stop", "-m", "immediate", "-D", str(home / "data")],
            **{**run, "check": False},  # type: ignore[arg-type]
        )
        time.sleep(0.1)
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(params=["small tables in-process", "every table through psql"])
def copy_path(request, monkeypatch):
    """Run a test both ways rows can travel: small tables through this process (the default
    below 1 MiB) and every table through a pair of psql processes."""
    if request.param == "every table through psql":
        monkeypatch.setattr(inprocess, "SMALL_TABLE_BYTES", -1)
    return request.param
