"""The unprivileged account the server runs as when pgshift runs as root."""

from __future__ import annotations

import contextlib
import os
import pwd
from pathlib import Path
from typing import Any

from ..errors import ServerError


def server_account() -> str:
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


def as_account(account: str | None) -> dict[str, Any]:
    if account is None:
        return {}
    entry = pwd.getpwnam(account)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def private_dir(path: Path, account: str | None) -> None:
    """A folder only `account` (or the current user) can enter; refuse one owned by others."""
    path.mkdir(mode=0o700, exist_ok=True)
    uid = pwd.getpwnam(account).pw_uid if account else os.geteuid()
    stat = path.lstat()
    if stat.st_uid != uid:
        if os.geteuid() != 0 or path.is_symlink():
            raise ServerError(f"{path} exists and belongs to another user; remove it")
        os.chown(path, uid, pwd.getpwuid(uid).pw_gid)
    path.chmod(0o700)
