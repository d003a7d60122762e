"""Owners and privileges: what a new object is granted by default, what to GRANT and REVOKE,
and the owner and privilege changes a comparison adds to its definition changes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..inspect.model import Model, ObjectKey, Privilege
from .changes import (
    Change,
    ChangePrivileges,
    CreateObject,
    DropColumn,
    DropObject,
    RebuildType,
    SetOwner,
)


def default_privileges(obj: Any) -> tuple[Privilege, ...]:
    """What PostgreSQL grants on a new object besides its owner (without ALTER DEFAULT
    PRIVILEGES): EXECUTE on routines and USAGE on types and languages to PUBLIC."""
    if obj.kind in ("function", "procedure", "aggregate"):
        return (Privilege("public", "EXECUTE"),)
    if obj.kind in ("enum", "domain", "composite type", "range type", "language"):
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


@dataclass(frozen=True, slots=True)
class _Acl:
    """What an object grants roles other than its owner, and what its owner took away from
    itself."""

    privileges: tuple[Privilege, ...]
    revoked_from_owner: tuple[str, ...] = ()

    @classmethod
    def of(cls, obj: Any) -> _Acl:
        return cls(obj.privileges, obj.revoked_from_owner)


class _Plan:
    """What `changes` do to the target that its privileges depend on."""

    def __init__(self, target: Model, changes: list[Change]) -> None:
        self.in_target = target.by_key()
        self.created = {c.key for c in changes if isinstance(c, CreateObject)}
        self.replaced = {c.key: c.obj for c in changes if isinstance(c, DropObject) and c.replacing}
        # A type rebuilt is created again in place of the target's (renamed, then dropped).
        self.replaced.update(
            (c.key, self.in_target[c.key]) for c in changes if isinstance(c, RebuildType)
        )
        self.dropped_columns: dict[ObjectKey, set[str]] = {}
        for c in changes:
            if isinstance(c, DropColumn):
                self.dropped_columns.setdefault(c.key, set()).add(c.column.name)


def privilege_changes(
    source: Model, target: Model, changes: list[Change], *, everything: bool, owners: bool
) -> list[Change]:
    """GRANT and REVOKE: on every object when `everything` (privileges are compared);
    otherwise only to give an object (or a column) dropped and created again the privileges it
    had. What owners took away from themselves (`revoked_from_owner`) is compared the same way;
    `owners` says whether the source's owners are set, which decides the role it names."""
    plan = _Plan(target, changes)
    result: list[Change] = []
    for obj in source.objects():
        if getattr(obj, "privileges", None) is None:
            continue
        acls = _wanted_and_had(obj, plan, everything=everything)
        if acls is None:
            continue
        wanted, have = acls
        grant, revoke = privilege_delta(wanted.privileges, have.privileges)
        lacks, lacked = wanted.revoked_from_owner, have.revoked_from_owner
        owner_revoke = tuple(p for p in lacks if p not in lacked)
        owner_grant = tuple(p for p in lacked if p not in lacks)
        if grant or revoke or owner_grant or owner_revoke:
            # The role owning it then: the source's when owners are set, else the target's, or
            # (None) the role running the script for what it creates.
            owner = obj.owner if owners else None
            if owner is None and obj.key not in plan.created:
                owner = plan.in_target[obj.key].owner
            result.append(
                ChangePrivileges(obj, grant, revoke, owner_grant, owner_revoke, owner=owner)
            )
    return result


def _wanted_and_had(obj: Any, plan: _Plan, *, everything: bool) -> tuple[_Acl, _Acl] | None:
    """What `obj` must grant once the plan ran, and what it grants before its privileges are
    changed; None when they are not to be changed."""
    if obj.key in plan.created:
        have = _Acl(default_privileges(obj))
        if everything:
            return _Acl.of(obj), have
        if obj.key not in plan.replaced:
            return None
        # The target's grants, on the columns the source's object still has.
        old = plan.replaced[obj.key]
        gone = {c.name for c in getattr(old, "columns", ())}
        gone -= {c.name for c in getattr(obj, "columns", ())}
        return _Acl(without_columns(old.privileges, gone), old.revoked_from_owner), have
    if obj.key not in plan.in_target:
        return None
    old = plan.in_target[obj.key]
    # A dropped column took its grants with it (and a column added again has none).
    dropped = plan.dropped_columns.get(obj.key, set())
    have = _Acl(without_columns(old.privileges, dropped), old.revoked_from_owner)
    if everything:
        return _Acl.of(obj), have
    # Only give a column added again the target's grants on it.
    added_again = dropped & {c.name for c in getattr(obj, "columns", ())}
    if not added_again:
        return None
    return _Acl.of(old), _Acl(without_columns(old.privileges, added_again), old.revoked_from_owner)
