"""Privileges: what a new object is granted by default, and what to GRANT and REVOKE."""

from __future__ import annotations

from collections.abc import Collection
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
    """(grant, revoke) that turn `have` into `wanted`; revokes run first.

    A grantable entry in `revoke` that is still wanted revokes only the grant option. Revoking
    a privilege on a whole table also revokes it on each of its columns (PostgreSQL does so),
    so the column grants that are wanted are then granted again.
    """
    want = {(p.grantee, p.privilege, p.column): p.grantable for p in wanted}
    got = {(p.grantee, p.privilege, p.column): p.grantable for p in have}
    grant = {
        key: option for key, option in want.items() if key not in got or (option and not got[key])
    }
    revoke = {
        key: key in want  # still wanted: only the option goes
        for key, option in got.items()
        if key not in want or (option and not want[key])
    }
    on_table = {(grantee, name) for grantee, name, column in revoke if not column}
    for (grantee, name, column), option in want.items():
        if column and (grantee, name) in on_table:
            grant[(grantee, name, column)] = option
    return _privileges(grant), _privileges(revoke)


def _privileges(entries: dict[tuple[str, str, str], bool]) -> tuple[Privilege, ...]:
    return tuple(
        sorted(Privilege(g, name, option, column) for (g, name, column), option in entries.items())
    )


def without_columns(
    privileges: tuple[Privilege, ...], columns: Collection[str]
) -> tuple[Privilege, ...]:
    """`privileges` without those on `columns` (columns that are dropped take their grants)."""
    return tuple(p for p in privileges if not p.column or p.column not in columns)
