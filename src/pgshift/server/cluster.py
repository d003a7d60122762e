"""One project's server: where its files live, and starting, stopping and finding it."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import secrets
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ServerError, UsageError
from .accounts import as_account, private_dir, server_account
from .binaries import find_bindir, reachable_bindir
from .record import ClusterRecord, cluster_root, read_record, register, write_record

SUPERUSER = "postgres"
DEV_DATABASE = "pgshift"
SHADOW_DATABASE = "pgshift_shadow"
DEFAULT_SOCKET_PORT = 5432
LOCK_FILE = "server.lock"
# Durability stays on (fsync, synchronous_commit): a dev database must survive a kill -9 or a
# power cut like any other. The test suite turns fsync off for its own server.
_DEV_SETTINGS = {"max_connections": "200", "shared_buffers": "128MB"}


@dataclass(frozen=True)
class ServerInfo:
    """Where a running server can be reached.

    `first_start` is true only from the `start()` that started the cluster for the first time
    (or, for a cluster made by an older pgshift, the first time since it keeps records; see
    `first_start_note`); `version` is known only from `start()`.
    """

    socket_dir: Path
    port: int
    tcp: bool
    pid: int
    data_dir: Path
    log_file: Path
    first_start: bool = field(default=False, compare=False)
    version: str | None = field(default=None, compare=False)

    def url(self, dbname: str = DEV_DATABASE, *, password: str | None = None) -> str:
        """A libpq URL for `dbname`: the socket, or 127.0.0.1 when listening on TCP."""
        if password is not None and self.tcp:
            return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self.port}/{dbname}"
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"


@dataclass(frozen=True)
class Layout:
    """The folders one project's server uses."""

    state_dir: Path  # the project's .pgshift/: lock, password, server.json
    cluster_dir: Path  # holds data/, server.log and cluster.json; owned by the server account
    socket_dir: Path
    run_as: str | None  # None: the current user
    name: str  # <project folder name>-<hash>: the cluster's folder (root) or registry link

    @property
    def data_dir(self) -> Path:
        return self.cluster_dir / "data"

    @property
    def log_file(self) -> Path:
        return self.cluster_dir / "server.log"


def layout_for(project_dir: Path) -> Layout:
    """Decide where the server of the project at `project_dir` keeps its files."""
    state_dir = project_dir.resolve() / ".pgshift"
    key = hashlib.sha256(str(state_dir).encode()).hexdigest()[:12]
    slug = "".join(c if c.isalnum() else "-" for c in project_dir.resolve().name)[:30]
    name = f"{slug}-{key}"
    if os.geteuid() != 0:
        return Layout(state_dir, state_dir, socket_dir_for(name), None, name)
    return Layout(state_dir, cluster_root() / name, socket_dir_for(name), server_account(), name)


def socket_dir_for(name: str) -> Path:
    """The socket folder of the cluster called `name`: named for its hash alone."""
    return Path(tempfile.gettempdir()) / f"pgshift-{name.rsplit('-', 1)[-1]}"


@contextlib.contextmanager
def locked(layout: Layout) -> Iterator[None]:
    """Serialise start/stop/destroy between processes: two starts at once share one server."""
    layout.state_dir.mkdir(parents=True, exist_ok=True)
    with open(layout.state_dir / LOCK_FILE, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def status(project_dir: Path) -> ServerInfo | None:
    """The running server of this project, or None."""
    return running_server(layout_for(project_dir).cluster_dir)


def running_server(cluster_dir: Path) -> ServerInfo | None:
    """The server running on the cluster in `cluster_dir`, or None."""
    data_dir = cluster_dir / "data"
    pid_file = data_dir / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    if not _is_alive(pid):
        return None
    if len(lines) < 8 or lines[7].strip() != "ready":
        return None
    # postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shmem, status
    return ServerInfo(
        socket_dir=Path(lines[4].strip()),
        port=int(lines[3]),
        tcp=bool(lines[5].strip()),
        pid=pid,
        data_dir=data_dir,
        log_file=cluster_dir / "server.log",
    )


def _is_alive(pid: int) -> bool:
    """True for a live process; a killed postmaster whose parent never reaped it is not."""
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def start(project_dir: Path, *, port: int | None = None) -> ServerInfo:
    """Start the project's server (initialising it on first use) or return the running one.

    Creates the dev and shadow databases. Safe to call from several processes at once.

    The port is chosen once per cluster and kept in its record: without `port`, the server
    listens where it listened before (at first, on the Unix socket only, as port 5432), so that
    URLs stay valid across restarts. `port` makes a stopped server listen on 127.0.0.1:`port`
    from then on; a running server on another port is not moved (that would cut off its
    sessions): the call raises `UsageError` instead.
    """
    layout = layout_for(project_dir)
    with locked(layout):
        info = running_server(layout.cluster_dir)
        if info is None:
            info = _boot(layout, port)
        elif port is not None and (port != info.port or not info.tcp):
            raise UsageError(_describe_port_refusal(info, port))
        _remember(layout, project_dir, info)
        return replace(info, version=_ensure_databases(info))


def _boot(layout: Layout, port: int | None) -> ServerInfo:
    bindir = find_bindir()
    if layout.run_as is not None:
        bindir = reachable_bindir(bindir, layout.run_as)
    _prepare_folders(layout)
    if not (layout.data_dir / "PG_VERSION").exists():
        _initdb(layout, bindir)
    record = read_record(layout.cluster_dir)
    if port is None and record is not None and record.tcp:
        port = record.port
    info = _launch(layout, bindir, port)
    _write_note(layout, info, bindir)
    # No record yet: the cluster is new (or older than records), and this is its first start.
    return replace(info, first_start=record is None)


def _describe_port_refusal(info: ServerInfo, port: int) -> str:
    now = f"on 127.0.0.1:{info.port}" if info.tcp else f"on port {info.port} (Unix socket only)"
    return (
        f"the server is already running {now}; to listen on 127.0.0.1:{port} instead, stop it "
        f"first: pgshift db stop && pgshift db start --port {port}"
    )


def _remember(layout: Layout, project_dir: Path, info: ServerInfo) -> None:
    """Note whose cluster this is and where it listens (also for a cluster older than records)."""
    record = ClusterRecord(project_dir.resolve(), info.port, info.tcp)
    write_record(layout.cluster_dir, record)
    if layout.run_as is None:
        register(layout.name, layout.cluster_dir)


def first_start_note(info: ServerInfo) -> str | None:
    """The one line to show the user after a cluster's first start; None after any other start.

    The server module never prints; the command that started the server shows the line.
    """
    if not info.first_start:
        return None
    return (
        f"started embedded PostgreSQL {info.version} (data in {info.data_dir.parent}); "
        "stop it with 'pgshift db stop', remove it with 'pgshift db destroy'"
    )


def stop(project_dir: Path) -> bool:
    """Stop the project's server (fast shutdown). False when it was not running."""
    layout = layout_for(project_dir)
    with locked(layout):
        info = running_server(layout.cluster_dir)
        if info is None:
            return False
        shut_down(info)
        return True


def shut_down(info: ServerInfo) -> None:
    """Stop a running server (fast shutdown: ends its sessions, no waiting on clients)."""
    os.kill(info.pid, signal.SIGINT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not _is_alive(info.pid):
            return
        time.sleep(0.05)
    raise ServerError(f"the server (pid {info.pid}) did not stop within 30 s")


def password(project_dir: Path) -> str | None:
    """The generated superuser password, used for TCP connections."""
    path = layout_for(project_dir).state_dir / "password"
    return path.read_text().strip() if path.exists() else None


def _prepare_folders(layout: Layout) -> None:
    layout.state_dir.mkdir(parents=True, exist_ok=True)
    if layout.run_as is None:
        layout.cluster_dir.mkdir(parents=True, exist_ok=True)
        private_dir(layout.socket_dir, None)
        return
    cluster_root().mkdir(parents=True, exist_ok=True)
    private_dir(layout.cluster_dir, layout.run_as)
    private_dir(layout.socket_dir, layout.run_as)


def _initdb(layout: Layout, bindir: Path) -> None:
    secret = secrets.token_urlsafe(24)
    pw_file = layout.cluster_dir / ".pwfile"
    pw_file.write_text(secret + "\n")
    if layout.run_as:
        entry = pwd.getpwnam(layout.run_as)
        os.chown(pw_file, entry.pw_uid, entry.pw_gid)
    pw_file.chmod(0o600)
    try:
        _run(
            layout,
            [
                str(bindir / "initdb"),
                "-D",
                str(layout.data_dir),
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                f"--pwfile={pw_file}",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            what="initialise the database cluster",
        )
    finally:
        pw_file.unlink(missing_ok=True)
    saved = layout.state_dir / "password"
    saved.write_text(secret + "\n")
    saved.chmod(0o600)
    with open(layout.data_dir / "postgresql.conf", "a") as conf:
        conf.write("\n# pgshift development settings\n")
        for key, value in _DEV_SETTINGS.items():
            conf.write(f"{key} = '{value}'\n")


def _clear_stale_pid_file(layout: Layout) -> None:
    """After a kill -9 the dead postmaster may linger as a zombie that PostgreSQL's own check
    (kill(pid, 0)) still sees as running; wait for it briefly, then remove its lock file.
    """
    pid_file = layout.data_dir / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            return
        if _is_alive(pid):
            return  # a live process: let PostgreSQL decide
        time.sleep(0.05)
    pid_file.unlink(missing_ok=True)


def _launch(layout: Layout, bindir: Path, port: int | None) -> ServerInfo:
    _clear_stale_pid_file(layout)
    options = [
        f"-k {layout.socket_dir}",
        f"-p {port or DEFAULT_SOCKET_PORT}",
        f"-c listen_addresses={'127.0.0.1' if port else chr(39) * 2}",
    ]
    command = [
        str(bindir / "pg_ctl"),
        "start",
        "-D",
        str(layout.data_dir),
        "-l",
        str(layout.log_file),
        "-w",
        "-t",
        "60",
        "-o",
        " ".join(options),
    ]
    # After a kill -9, orphaned backends may hold the old shared memory for a moment.
    for attempt in range(20):
        try:
            _run(layout, command, what="start the server")
            break
        except ServerError:
            if port and "Address already in use" in _log_tail(layout, lines=5):
                raise ServerError(
                    f"could not start the server: 127.0.0.1:{port} is in use by another "
                    "program; stop that program, or choose another port for this server with "
                    "'pgshift db start --port PORT'"
                ) from None
            if attempt == 19 or "shared memory" not in _log_tail(layout):
                raise
            time.sleep(0.25)
    info = running_server(layout.cluster_dir)
    if info is None:
        raise ServerError(f"the server did not come up; see {layout.log_file}")
    return info


def _run(layout: Layout, command: list[str], *, what: str) -> None:
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=str(layout.cluster_dir),
            stdin=subprocess.DEVNULL,
            **as_account(layout.run_as),
        )
    except PermissionError as exc:
        raise ServerError(f"could not {what}: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        tail = _log_tail(layout)
        raise ServerError(
            f"could not {what}: {detail}"
            + (f"\nserver log ({layout.log_file}):\n{tail}" if tail else "")
        )


def _log_tail(layout: Layout, lines: int = 15) -> str:
    try:
        return "\n".join(layout.log_file.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _write_note(layout: Layout, info: ServerInfo, bindir: Path) -> None:
    note = {
        "data_dir": str(layout.data_dir),
        "log_file": str(layout.log_file),
        "socket_dir": str(info.socket_dir),
        "port": info.port,
        "tcp": info.tcp,
        "bindir": str(bindir),
        "run_as": layout.run_as,
    }
    (layout.state_dir / "server.json").write_text(json.dumps(note, indent=2) + "\n")


def _ensure_databases(info: ServerInfo) -> str:
    """Create the dev and shadow databases when missing; return the server's version."""
    import psycopg

    with psycopg.connect(info.url("postgres"), autocommit=True) as conn:
        number = conn.info.server_version  # e.g. 180001
        version = f"{number // 10000}.{number % 10000}"
        existing = {r[0] for r in conn.execute("select datname from pg_database")}
        for name in (DEV_DATABASE, SHADOW_DATABASE):
            if name not in existing:
                from psycopg import sql

                with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                    conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        return version
