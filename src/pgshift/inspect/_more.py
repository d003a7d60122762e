"""Model kinds read since model.py grew to its size: rules and collations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ._base import InSchema, ObjectKey, OnTable, depends, owner_field


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
