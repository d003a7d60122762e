"""What every model kind shares: `ObjectKey`, `Privilege`, the key mixins and the fields that
are facts about one database rather than part of a definition (see model.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

from ..sqltext import display_name


class ObjectKey(NamedTuple):
    """What identifies an object across databases.

    `table` is set for objects that live on a table (constraints, indexes, triggers, policies);
    `signature` for functions and procedures (`pg_get_function_identity_arguments`).
    """

    kind: str
    schema: str
    name: str
    table: str = ""
    signature: str = ""

    def describe(self) -> str:
        """`table public.users`, `trigger audit on public.users`, `function public.f(integer)`,
        `table public."user"`: names quoted where SQL needs it (see `display_name`)."""
        if self.kind in ("schema", "extension", "event trigger"):
            return f"{self.kind} {display_name(self.name)}"
        if self.table:
            on = display_name(self.schema, self.table)
            return f"{self.kind} {display_name(self.name)} on {on}"
        if self.kind in ("function", "procedure"):
            return f"{self.kind} {display_name(self.schema, self.name)}({self.signature})"
        return f"{self.kind} {display_name(self.schema, self.name)}"


class InSchema:
    """An object named in a schema: its key is `(key_kind, schema, name)`."""

    __slots__ = ()
    key_kind: ClassVar[str]
    schema: str
    name: str

    @property
    def key(self) -> ObjectKey:
        return ObjectKey(self.key_kind, self.schema, self.name)


class OnTable:
    """An object that lives on a table: its key is `(kind, schema, name, table)`."""

    __slots__ = ()
    kind: ClassVar[str]
    schema: str
    table: str
    name: str

    @property
    def key(self) -> ObjectKey:
        return ObjectKey(self.kind, self.schema, self.name, self.table)


# Dependencies are facts about one database (read from pg_depend), not part of a definition.
def depends() -> Any:
    return field(default=(), compare=False, repr=False)


def owner_field() -> Any:
    return field(default=None, compare=False)


# Privileges, like owners, name roles of one server: compared only when asked.
def privileges_field() -> Any:
    return field(default=(), compare=False)


@dataclass(frozen=True, slots=True, order=True)
class Privilege:
    """One privilege granted to a role other than the owner: `grantee` is a role name or
    `public`, `privilege` as GRANT spells it (`SELECT`, `EXECUTE`, ...). `column` is set for a
    privilege on one column of a table or view (`GRANT SELECT (email) ON ...`)."""

    grantee: str
    privilege: str
    grantable: bool = False
    column: str = ""
