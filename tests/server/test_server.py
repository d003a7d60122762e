"""The embedded server: root handling, crash recovery, concurrent starts, TCP with a password."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import signal
import time
from pathlib import Path

import psycopg
import pytest

from pgshift import server
from pgshift.cli.main import main
from pgshift.errors import ServerError
from pgshift.server import binaries

as_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="exercises the run-as-root path (CI runs as root)"
)


@pytest.fixture(scope="module")
def project_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("embedded") / "my project"
    root.mkdir()
    (root / "pgshift.toml").write_text("")  # db commands work in a project only
    yield root
    server.destroy(root)


def _start_pid(path: str) -> int:
    return server.start(Path(path)).pid


def test_two_starts_at_once_share_one_server(project_dir):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(3) as pool:
        pids = pool.map(_start_pid, [str(project_dir)] * 3)
    assert len(set(pids)) == 1
    info = server.status(project_dir)
    assert info is not None and info.pid == pids[0]
    with psycopg.connect(info.url(server.DEV_DATABASE)) as c:
        names = {r[0] for r in c.execute("select datname from pg_database")}
    assert {server.DEV_DATABASE, server.SHADOW_DATABASE} <= names


@as_root
def test_root_runs_the_server_as_an_unprivileged_account(project_dir):
    info = server.start(project_dir)
    owner = Path(f"/proc/{info.pid}").stat().st_uid
    assert owner != 0
    layout = server.layout_for(project_dir)
    assert layout.cluster_dir.stat().st_uid == owner
    assert oct(layout.cluster_dir.stat().st_mode & 0o777) == "0o700"
    assert oct(info.socket_dir.stat().st_mode & 0o777) == "0o700"
    note = json.loads((project_dir / ".pgshift" / "server.json").read_text())
    bindir = Path(note["bindir"])
    assert not str(bindir).startswith("/root/")
    for parent in [bindir, *bindir.parents]:
        assert parent.stat().st_mode & 0o005 == 0o005, parent  # world-readable and enterable
    assert oct(Path.home().stat().st_mode & 0o777) in ("0o700", "0o750", "0o755")


def test_survives_kill_9(project_dir):
    info = server.start(project_dir)
    with psycopg.connect(info.url(), autocommit=True) as c:
        c.execute("create table if not exists survivor (id int); insert into survivor values (1)")
    os.kill(info.pid, signal.SIGKILL)
    deadline = time.time() + 10
    while server.status(project_dir) is not None and time.time() < deadline:
        time.sleep(0.05)
    again = server.start(project_dir)
    assert again.pid != info.pid
    with psycopg.connect(again.url()) as c:
        assert c.execute("select count(*) >= 1 from survivor").fetchone() == (True,)


def test_cli_db_commands(project_dir, monkeypatch):
    monkeypatch.chdir(project_dir)

    def run(*args):
        out, err = io.StringIO(), io.StringIO()
        return main(list(args), out, err), out.getvalue(), err.getvalue()

    code, out, _ = run("db", "start", "--json")
    assert code == 0 and json.loads(out)["running"] is True
    code, out, _ = run("db", "url")
    assert out.strip() == server.status(project_dir).url(server.DEV_DATABASE)
    code, out, _ = run("db", "url", "--shadow")
    assert f"/{server.SHADOW_DATABASE}?" in out
    assert run("db", "stop")[1] == "stopped\n"
    code, out, _ = run("db", "status")
    assert (code, out) == (1, "not running\n")


def test_tcp_port_uses_the_generated_password(project_dir):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server.stop(project_dir)
    info = server.start(project_dir, port=port)
    try:
        assert info.tcp and info.port == port
        secret = server.password(project_dir)
        assert secret
        with psycopg.connect(info.url(password=secret)) as c:
            assert c.execute("select 1").fetchone() == (1,)
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(f"postgresql://postgres:wrong@127.0.0.1:{port}/postgres")
    finally:
        server.stop(project_dir)


@as_root
def test_clear_message_when_the_account_cannot_reach_the_binaries(tmp_path, monkeypatch):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    private.chmod(0o700)
    # A cache inside a folder only root can enter: the copy is made but stays out of reach.
    monkeypatch.setattr(binaries, "CACHE_ROOT", private / "cache")
    bindir = server.bundled_bindir()
    if binaries.can_run(bindir, "nobody"):
        pytest.skip("site-packages is reachable by 'nobody' here; no copy is needed")
    with pytest.raises(ServerError) as err:
        binaries.reachable_bindir(bindir, "nobody")
    assert str(err.value).startswith("the server account 'nobody' cannot run PostgreSQL from ")
    assert "set PGSHIFT_CACHE_DIR to a folder it can reach" in str(err.value)


@as_root
def test_a_chosen_installation_the_account_cannot_reach_is_a_clear_error(tmp_path, monkeypatch):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    private.chmod(0o700)
    bindir = private / "bin"
    bindir.mkdir()
    shutil.copy2(server.bundled_bindir() / "postgres", bindir / "postgres")
    monkeypatch.setenv("PGSHIFT_PG_BINDIR", str(bindir))
    assert server.find_bindir() == bindir
    with pytest.raises(ServerError) as err:
        binaries.reachable_bindir(bindir, "nobody")
    assert str(err.value) == (
        f"the server account 'nobody' cannot run PostgreSQL from {bindir} (PGSHIFT_PG_BINDIR); "
        "put that installation where the account can read it, such as under /opt or /usr/lib, "
        "or unset PGSHIFT_PG_BINDIR to use the bundled server"
    )
    # The client programs stay the bundled ones, which run against any older server.
    assert server.client_bindir() == server.bundled_bindir()
