"""Owners and privileges: what a new object is granted by default, what to GRANT and REVOKE,
and the owner and privilege changes a comparison adds to its definition changes."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..inspect.model import Model, ObjectKey, Privilege
from .changes import Change, ChangePrivileges, CreateObject, DropColumn, DropObject, SetOwner


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


def owner_changes(source: Model, target: Model, changes: list[Change]) -> list[Change]:
    """SetOwner for every object created (or created again, which makes the role running the
    script its owner) and every object whose owner differs."""
    created = {c.key for c in changes if isinstance(c, CreateObject)}
    have = target.by_key()
    result: list[Change] = []
    for obj in source.objects():
        owner = getattr(obj, "owner", None)
        if not owner:
            continue
        if obj.key in created or (obj.key in have and have[obj.key].owner != owner):
            result.append(SetOwner(obj, owner))
    return result


def privilege_changes(
    source: Model, target: Model, changes: list[Change], everything: bool
) -> list[Change]:
    """GRANT and REVOKE: on every object when `everything` (privileges are compared);
    otherwise only to give an object (or a column) dropped and created again the privileges it
    had."""
    created = {c.key for c in changes if isinstance(c, CreateObject)}
    replaced = {c.key: c.obj for c in changes if isinstance(c, DropObject) and c.replacing}
    dropped_columns: dict[ObjectKey, set[str]] = {}
    for c in changes:
        if isinstance(c, DropColumn):
            dropped_columns.setdefault(c.key, set()).add(c.column.name)
    in_target = target.by_key()
    result: list[Change] = []
    for obj in source.objects():
        wanted = getattr(obj, "privileges", None)
        if wanted is None:
            continue
        if obj.key in created:
            have = default_privileges(obj)
            if not everything:
                if obj.key not in replaced:
                    continue
                # The target's grants, on the columns the source's object still has.
                gone = {c.name for c in getattr(replaced[obj.key], "columns", ())}
                gone -= {c.name for c in getattr(obj, "columns", ())}
                wanted = without_columns(replaced[obj.key].privileges, gone)
        elif obj.key in in_target:
            # A dropped column took its grants with it (and a column added again has none).
            dropped = dropped_columns.get(obj.key, set())
            have = without_columns(in_target[obj.key].privileges, dropped)
            if not everything:
                # Only give a column added again the target's grants on it.
                added_again = dropped & {c.name for c in getattr(obj, "columns", ())}
                if not added_again:
                    continue
                wanted = in_target[obj.key].privileges
                have = without_columns(wanted, added_again)
        else:
            continue
        grant, revoke = privilege_delta(wanted, have)
        if grant or revoke:
            result.append(ChangePrivileges(obj, grant, revoke))
    return result
