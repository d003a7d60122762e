"""Privileges: what a new object is granted by default, and what to GRANT and REVOKE."""

from __future__ import annotations

from typing import Any

from ..inspect.model import Privilege


def default_privileges(obj: Any) -> tuple[Privilege, ...]:
    """What PostgreSQL grants on a new object besides its owner (without ALTER DEFAULT
    PRIVILEGES): EXECUTE on routines and USAGE on types to PUBLIC."""
    if obj.kind in ("function", "procedure", "aggregate"):
        return (Privilege("public", "EXECUTE"),)
    if obj.kind in ("enum", "domain", "composite type", "range type"):
        return (Privilege("public", "USAGE"),)
    return ()


def privilege_delta(
    wanted: tuple[Privilege, ...], have: tuple[Privilege, ...]
) -> tuple[tuple[Privilege, ...], tuple[Privilege, ...]]:
    want = {(p.grantee, p.privilege): p.grantable for p in wanted}
    got = {(p.grantee, p.privilege): p.grantable for p in have}
    grant = [
        Privilege(grantee, name, option)
        for (grantee, name), option in want.items()
        if (grantee, name) not in got or (option and not got[(grantee, name)])
    ]
    revoke = [
        Privilege(grantee, name, (grantee, name) in want)  # still wanted: only the option goes
        for (grantee, name), option in got.items()
        if (grantee, name) not in want or (option and not want[(grantee, name)])
    ]
    return tuple(sorted(grant)), tuple(sorted(revoke))
