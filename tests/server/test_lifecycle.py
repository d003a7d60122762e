"""The embedded server's life cycle: the first-start line, the remembered port, `db list`,
`db destroy` and `db prune`, against real servers.

Every cluster made here lives under a cluster root of its own (PGSHIFT_CLUSTER_DIR) and a
registry of its own (XDG_STATE_HOME), both deleted afterwards, so neither the test session's
server nor anybody else's cluster is ever listed, stopped or pruned.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from pgshift import server
from pgshift.cli.main import main
from pgshift.server import record
from pgshift.server.cluster import running_server, shut_down, socket_dir_for

as_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="exercises the run-as-root layout (CI runs as root)"
)
SIZE = r"\d+\.\d [KMG]B"


class Terminal(io.StringIO):
    """Standard input (or output) that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def clusters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cluster root and registry of the test's own; every cluster in them is removed after."""
    # Not under tmp_path: the server account must be able to enter the cluster root.
    root = Path(tempfile.mkdtemp(prefix="pgshift-test-clusters-"))
    root.chmod(0o755)
    monkeypatch.setenv("PGSHIFT_CLUSTER_DIR", str(root))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal unless a test says so
    try:
        yield root
    finally:
        for name, folder, _ in record.known_clusters():
            info = running_server(folder)
            if info is not None:
                shut_down(info)
            shutil.rmtree(socket_dir_for(name), ignore_errors=True)
            if folder.is_relative_to(root):
                shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def make_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for var in ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)

    def make(name: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "pgshift.toml").write_text("")
        return folder.resolve()

    return make


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = main(list(args), out, err)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def is_alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def version_of(url: str) -> str:
    with psycopg.connect(url) as conn:
        number = conn.info.server_version
    return f"{number // 10000}.{number % 10000}"


def test_the_first_start_says_where_the_data_is_once(clusters, make_project):
    project = make_project("first")
    code, out, err = run("db", "start", cwd=project)
    info = server.status(project)
    assert info is not None
    assert (code, out) == (0, f"running (pid {info.pid}): {info.url()}\n")
    folder = server.layout_for(project).cluster_dir
    assert err == (
        f"pgshift: started embedded PostgreSQL {version_of(info.url())} (data in {folder}); "
        "stop it with 'pgshift db stop', remove it with 'pgshift db destroy'\n"
    )
    assert run("db", "start", cwd=project)[2] == ""
    assert run("db", "stop", cwd=project)[1] == "stopped\n"
    code, out, err = run("db", "url", cwd=project)  # starts it again: not a first start
    assert (code, out, err) == (0, f"{info.url()}\n", "")
    again = server.start(project)  # as every command does
    assert not again.first_start and server.first_start_note(again) is None


def test_a_running_server_is_not_moved_to_another_port(clusters, make_project):
    project = make_project("ports")
    run("db", "start", cwd=project)
    socket_url = run("db", "url", cwd=project)[1].strip()
    port = free_port()
    code, out, err = run("db", "start", "--port", str(port), cwd=project)
    assert (code, out) == (64, "")
    assert err == (
        "pgshift: error: the server is already running on port 5432 (Unix socket only); to "
        f"listen on 127.0.0.1:{port} instead, stop it first: pgshift db stop && "
        f"pgshift db start --port {port}\n"
    )
    assert run("db", "url", cwd=project)[1].strip() == socket_url
    with psycopg.connect(socket_url) as conn:
        assert conn.execute("select 1").fetchone() == (1,)

    run("db", "stop", cwd=project)
    code, out, _ = run("db", "start", "--port", str(port), cwd=project)
    assert code == 0 and out.endswith(f"&port={port}\n")
    assert run("db", "start", "--port", str(port), cwd=project)[0] == 0  # the same port: fine
    code, _, err = run("db", "start", "--port", str(free_port()), cwd=project)
    assert code == 64 and err.startswith(
        f"pgshift: error: the server is already running on 127.0.0.1:{port}; "
    )


def test_urls_stay_valid_across_restarts(clusters, make_project):
    project = make_project("stable")
    port = free_port()
    run("db", "start", "--port", str(port), cwd=project)
    url = run("db", "url", cwd=project)[1].strip()
    tcp_url = run("db", "url", "--tcp", cwd=project)[1].strip()
    for restart in (
        lambda: run("db", "start", cwd=project),
        lambda: run("db", "url", cwd=project),
        lambda: server.start(project),  # what any other command does
    ):
        assert run("db", "stop", cwd=project)[1] == "stopped\n"
        restart()
        assert run("db", "url", cwd=project)[1].strip() == url
        assert run("db", "url", "--tcp", cwd=project)[1].strip() == tcp_url
        for each in (url, tcp_url):
            with psycopg.connect(each) as conn:
                assert conn.execute("select 1").fetchone() == (1,)


def test_a_port_in_use_is_a_clear_error(clusters, make_project):
    project = make_project("busy")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run("db", "start", "--port", str(port), cwd=project)
    assert (code, out) == (65, "")
    assert err == (
        f"pgshift: error: could not start the server: 127.0.0.1:{port} is in use by another "
        "program; stop that program, or choose another port for this server with "
        "'pgshift db start --port PORT'\n"
    )
    # Its first successful start still says where the data is.
    assert run("db", "start", cwd=project)[2].startswith("pgshift: started embedded PostgreSQL")


def test_list_shows_project_folder_size_state_and_port(clusters, make_project, monkeypatch):
    project = make_project("listed")
    port = free_port()
    run("db", "start", "--port", str(port), cwd=project)
    info = server.status(project)
    assert info is not None
    folder = server.layout_for(project).cluster_dir

    code, out, err = run("db", "list", cwd=project)
    assert (code, err) == (0, "")
    fields = out.rstrip("\n").split("\t")
    assert fields[:3] == [str(project), "present", str(folder)]
    assert int(fields[3]) > 10 * 1024**2
    assert fields[4:] == ["running", str(port), "tcp"]

    code, out, _ = run("db", "list", "--json", cwd=project)
    (entry,) = json.loads(out)
    assert entry == {
        "project": str(project),
        "project_state": "present",
        "folder": str(folder),
        "size": entry["size"],
        "running": True,
        "pid": info.pid,
        "port": port,
        "tcp": True,
    }

    run("db", "stop", cwd=project)
    code, out, _ = run("db", "list", cwd=project)
    assert out.rstrip("\n").split("\t")[4:] == ["stopped", str(port), "tcp"]

    monkeypatch.setenv("COLUMNS", "300")
    terminal = Terminal()
    assert main(["db", "list"], terminal, io.StringIO()) == 0
    lines = re.sub(r"\x1b\[[0-9;]*m", "", terminal.getvalue()).splitlines()
    assert lines[0].split() == ["project", "data", "folder", "size", "server", "port"]
    assert re.fullmatch(
        rf"{re.escape(str(project))} +{re.escape(str(folder))} +{SIZE} +stopped +"
        rf"127\.0\.0\.1:{port}",
        lines[1].rstrip(),
    )


def test_destroy_asks_then_stops_the_server_and_deletes_the_cluster(
    clusters, make_project, monkeypatch
):
    project = make_project("doomed")
    run("db", "start", cwd=project)
    info = server.status(project)
    assert info is not None
    layout = server.layout_for(project)

    code, out, err = run("db", "destroy", cwd=project)
    assert (code, out) == (65, "")
    assert re.fullmatch(
        rf"pgshift: error: refusing to delete the embedded cluster of {re.escape(str(project))} "
        rf"\({re.escape(str(layout.cluster_dir))}, {SIZE}\) without confirmation: stdin is "
        r"not a terminal; pass --yes to go ahead\n",
        err,
    )
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    code, out, err = run("db", "destroy", cwd=project)
    assert (code, out) == (65, "")
    assert err.endswith("pgshift: error: not confirmed; nothing was deleted\n")
    assert server.status(project) == info

    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    code, out, err = run("db", "destroy", cwd=project)
    assert code == 0
    assert re.fullmatch(rf"destroyed {re.escape(str(layout.cluster_dir))} \({SIZE} freed\)\n", out)
    assert not is_alive(info.pid)
    assert not layout.data_dir.exists() and not layout.socket_dir.exists()
    assert not (layout.state_dir / "password").exists()
    if layout.cluster_dir != layout.state_dir:
        assert not layout.cluster_dir.exists()
    assert server.list_clusters() == []

    assert run("db", "destroy", "--yes", cwd=project) == (
        0,
        f"no embedded cluster for {project}; nothing to destroy\n",
        "",
    )
    # A new start makes a new, empty cluster, and says so.
    assert run("db", "start", cwd=project)[2].startswith("pgshift: started embedded PostgreSQL")
    assert run("db", "destroy", "--yes", cwd=project)[0] == 0


@as_root
def test_prune_deletes_only_clusters_whose_project_is_gone(clusters, make_project, tmp_path):
    kept, orphan, old = (make_project(name) for name in ("kept", "orphan", "old"))
    for project in (kept, orphan, old):
        run("db", "start", cwd=project)
    orphan_info = server.status(orphan)
    assert orphan_info is not None
    orphan_pid = orphan_info.pid
    orphan_folder = server.layout_for(orphan).cluster_dir
    old_folder = server.layout_for(old).cluster_dir
    shutil.rmtree(orphan)
    # A cluster made before pgshift recorded projects has no cluster.json.
    (old_folder / record.RECORD_FILE).unlink()

    code, out, _ = run("db", "list", cwd=tmp_path)
    rows = sorted(line.split("\t") for line in out.splitlines())
    assert [(row[0], row[1], row[2], row[4]) for row in rows] == [
        ("-", "unknown", str(old_folder), "running"),
        (str(kept), "present", str(server.layout_for(kept).cluster_dir), "running"),
        (str(orphan), "gone", str(orphan_folder), "running"),
    ]
    assert rows[0][5:] == ["5432", "socket"]  # no record, but its pid file says where

    code, out, err = run("db", "prune", cwd=tmp_path)
    assert (code, out) == (65, "")
    assert re.fullmatch(
        rf"  {re.escape(str(orphan_folder))} \({SIZE}\): project {re.escape(str(orphan))} "
        rf"\(gone\)\npgshift: error: refusing to delete 1 cluster \({SIZE}\) without "
        r"confirmation: stdin is not a terminal; pass --yes to go ahead\n",
        err,
    )
    assert orphan_folder.exists()

    code, out, err = run("db", "prune", "--yes", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert re.fullmatch(
        rf"deleted {re.escape(str(orphan_folder))} \(({SIZE})\): project "
        rf"{re.escape(str(orphan))} \(gone\)\nfreed ({SIZE}) in 1 cluster\n"
        r"kept 1 cluster whose project is unknown \('pgshift db prune --all' deletes them "
        r"too\)\n",
        out,
    )
    assert not orphan_folder.exists() and not is_alive(orphan_pid)
    assert not socket_dir_for(orphan_folder.name).exists()
    assert server.status(kept) is not None and old_folder.exists()

    code, out, _ = run("db", "prune", "--all", "--yes", cwd=tmp_path)
    assert re.fullmatch(
        rf"deleted {re.escape(str(old_folder))} \({SIZE}\): project unknown\n"
        rf"freed {SIZE} in 1 cluster\n",
        out,
    )
    assert not old_folder.exists() and server.status(old) is None
    assert server.status(kept) is not None
    assert run("db", "prune", "--all", cwd=tmp_path) == (0, "nothing to prune\n", "")
    assert [c.project for c in server.list_clusters()] == [kept]


def test_clusters_of_users_other_than_root_are_found_through_the_registry(
    clusters, make_project, monkeypatch
):
    """No server is started: a user other than root cannot be simulated that far as root."""
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    present, gone = make_project("present"), make_project("gone")
    for project in (present, gone):
        layout = server.layout_for(project)
        assert layout.cluster_dir == project / ".pgshift" and layout.run_as is None
        (layout.data_dir).mkdir(parents=True)
        (layout.state_dir / "server.lock").touch()
        record.write_record(layout.cluster_dir, record.ClusterRecord(project, 5432, False))
        record.register(layout.name, layout.cluster_dir)
    shutil.rmtree(gone)

    listed = {c.project: c for c in server.list_clusters()}
    assert listed[present].project_state is server.ProjectState.PRESENT
    assert listed[present].port == 5432
    # With the project went the cluster in its .pgshift/; the registry still names it.
    assert listed[gone].project_state is server.ProjectState.GONE
    assert (listed[gone].size, listed[gone].port) == (0, None)

    (prunable,) = server.find_prunable()
    assert server.prune_cluster(prunable) is not None
    assert [c.project for c in server.list_clusters()] == [present]

    destroyed = server.destroy(present)
    assert destroyed is not None and destroyed.folder == present / ".pgshift"
    # The project's .pgshift/ keeps its lock file (another start may be waiting on it).
    assert sorted(p.name for p in (present / ".pgshift").iterdir()) == ["server.lock"]
    assert server.list_clusters() == []
