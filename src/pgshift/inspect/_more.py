"""Model kinds moved out of model.py to keep it readable: rules, collations, event triggers,
aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ._base import InSchema, ObjectKey, OnTable, Privilege, depends, owner_field, privileges_field


@dataclass(frozen=True, slots=True)
class EventTrigger:
    """An event trigger (a database's, in no schema): `event` such as `ddl_command_end`, the
    command `tags` it is limited to (empty: all), the `function` it runs (qualified, as
    `regproc` prints it) and `enabled`: origin (the default), disabled, replica or always."""

    kind: ClassVar[str] = "event trigger"
    name: str
    event: str
    function: str
    tags: tuple[str, ...] = ()
    enabled: str = "origin"
    owner: str | None = owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()

    @property
    def key(self) -> ObjectKey:
        return ObjectKey("event trigger", "", self.name)


@dataclass(frozen=True, slots=True)
class Rule(OnTable):
    """A rewrite rule on a table or view (not the `_RETURN` rule that makes a view): `event`
    is select, insert, update or delete; `definition` is `pg_get_ruledef` without its final
    `;`; `enabled` is origin (the default), disabled, replica or always."""

    kind: ClassVar[str] = "rule"
    schema: str
    table: str
    name: str
    event: str
    definition: str
    enabled: str = "origin"
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class Collation(InSchema):
    """A collation (`CREATE COLLATION`). `provider` is libc, icu or builtin; libc collations
    have `lc_collate` and `lc_ctype`, the others a `locale` (and ICU ones perhaps `rules`).
    The provider's version is a fact about the server's libraries, not compared."""

    kind: ClassVar[str] = "collation"
    key_kind: ClassVar[str] = "collation"
    schema: str
    name: str
    provider: str
    deterministic: bool = True
    lc_collate: str | None = None
    lc_ctype: str | None = None
    locale: str | None = None
    rules: str | None = None
    owner: str | None = owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class Aggregate:
    """An aggregate (`CREATE AGGREGATE`), identified like a function. `aggregate_kind` is normal,
    ordered-set or hypothetical; the support functions are names as `regproc` prints them."""

    kind: ClassVar[str] = "aggregate"
    schema: str
    name: str
    signature: str
    arguments: str
    aggregate_kind: str
    sfunc: str
    stype: str
    sspace: int | None = None
    finalfunc: str | None = None
    finalfunc_extra: bool = False
    finalfunc_modify: str | None = None
    combinefunc: str | None = None
    serialfunc: str | None = None
    deserialfunc: str | None = None
    initcond: str | None = None
    sortop: str | None = None
    parallel: str = "unsafe"
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()

    @property
    def key(self) -> ObjectKey:
        return ObjectKey("function", self.schema, self.name, signature=self.signature)
