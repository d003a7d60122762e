"""Changes: plain data saying what must happen to the target to make it like the source.

Every change names the object it acts on (`key`), the objects that must exist before it can run
(`needs`: the object's own dependencies, read from the database the definition comes from) and
whether it is `destructive` (it can lose data or removes something the target has). `order.py`
puts them in a runnable order; `rendering.py` turns them into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..inspect.model import (
    Column,
    CompositeType,
    Constraint,
    DomainType,
    EnumType,
    Extension,
    ObjectKey,
    Privilege,
    Sequence,
    Table,
    Trigger,
)
from ..sqltext import display_name

# Kinds whose drop loses data or everything in them, even when the object is re-created.
# A collation is used by data: columns sorted by it, indexes ordered by it.
DATA_KINDS = (
    "schema",
    "table",
    "enum",
    "domain",
    "composite type",
    "range type",
    "sequence",
    "collation",
)


@dataclass(frozen=True, slots=True)
class Change:
    """Base class: subclasses say what they act on and how."""

    @property
    def key(self) -> ObjectKey:
        raise NotImplementedError

    @property
    def needs(self) -> tuple[ObjectKey, ...]:
        return ()

    @property
    def destructive(self) -> bool:
        return False

    def describe(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True, slots=True)
class ObjectChange(Change):
    """A change to one whole object: it acts on `obj.key` and needs what `obj` depends on."""

    obj: Any

    @property
    def key(self) -> ObjectKey:
        return self.obj.key  # type: ignore[no-any-return]

    @property
    def needs(self) -> tuple[ObjectKey, ...]:
        return self.obj.depends_on  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class TableChange(Change):
    """A change to a table (its columns or settings)."""

    table: Table

    @property
    def key(self) -> ObjectKey:
        return self.table.key

    @property
    def needs(self) -> tuple[ObjectKey, ...]:
        return self.table.depends_on


@dataclass(frozen=True, slots=True)
class CreateObject(ObjectChange):
    """Create `obj` as the source defines it (with its comments). `identity_sequences` are the
    source's sequences behind the table's identity columns, whose options the table repeats."""

    identity_sequences: tuple[Sequence, ...] = ()

    def describe(self) -> str:
        secrets = getattr(self.obj, "secret_options", ())
        if secrets:  # never read, so never written: the plan says what to set by hand
            return f"create {_describe(self.obj)} (set by hand, not printed: {', '.join(secrets)})"
        return f"create {_describe(self.obj)}"


@dataclass(frozen=True, slots=True)
class DropObject(ObjectChange):
    """Drop the target's `obj`. `replacing` means the source's version is created right after
    (a changed index, trigger, view...): only data-holding kinds are then destructive."""

    replacing: bool = False

    @property
    def destructive(self) -> bool:
        # Secret options are never read: created again, the object would lack them.
        secrets = bool(getattr(self.obj, "secret_options", ()))
        return not self.replacing or self.obj.kind in DATA_KINDS or secrets

    def describe(self) -> str:
        verb = "drop (to re-create)" if self.replacing else "drop"
        secrets = getattr(self.obj, "secret_options", ())
        lost = (
            f" (its {', '.join(secrets)} option(s) are lost)" if secrets and self.replacing else ""
        )
        return f"{verb} {_describe(self.obj)}{lost}"


@dataclass(frozen=True, slots=True)
class RedoInPlace(ObjectChange):
    """Change `obj` in place from `old`: `old.reset`, then what `obj` makes after its first
    statement (a text search configuration's mappings, a family's members...)."""

    old: Any

    def describe(self) -> str:
        return f"change {_describe(self.obj)} in place"


@dataclass(frozen=True, slots=True)
class SetOptions(ObjectChange):
    """Bring the options of a foreign-data wrapper, server, user mapping or foreign table from
    `old`'s to `obj`'s in place (`ALTER ... OPTIONS`), leaving the secret ones as they are."""

    old: Any

    def describe(self) -> str:
        return f"set options of {_describe(self.obj)}"


@dataclass(frozen=True, slots=True)
class ReplaceObject(ObjectChange):
    """Change a function or view in place (`CREATE OR REPLACE`)."""

    def describe(self) -> str:
        return f"replace {_describe(self.obj)}"


@dataclass(frozen=True, slots=True)
class AddColumn(TableChange):
    """Add the source's `column`; `identity_sequence` is the source's for an identity column."""

    column: Column
    identity_sequence: Sequence | None = None

    def describe(self) -> str:
        return f"add column {_column(self.table, self.column.name)}"


@dataclass(frozen=True, slots=True)
class DropColumn(TableChange):
    """Drop the target's `column` (destructive)."""

    column: Column

    @property
    def destructive(self) -> bool:
        return True

    def describe(self) -> str:
        return f"drop column {_column(self.table, self.column.name)}"


@dataclass(frozen=True, slots=True)
class AlterColumn(TableChange):
    """Bring a column of the target (`old`) to the source's definition (`column`): type and
    collation (destructive: the data is converted), default, NOT NULL, identity, and dropping a
    generation expression. `identity_sequence` is the source's, when identity is added.

    `via_text`: the old type is an enum, which PostgreSQL casts only to text, or a composite
    type, which casts to no other (or a domain over one of them), so the values are converted
    through text (`USING c::text::new_type`). `type_recreated`: the type keeps its name but is
    a new type (created again, see `RebuildType`), so the column is converted although its type
    reads the same. `by_assignment`: no USING, the values are stored as INSERT would store them:
    the column is generated, which PostgreSQL converts only so, or the new type limits their
    length and the old one is of its family (`varchar(m)` to `varchar(n)`: a value too long is
    refused, and a wider limit or a new collation rewrites nothing). `cast_to`: the type USING
    casts to when not the column's own: the new type limits the values' length and the old is
    of another type, to which an explicit cast would cut a value that does not fit without a
    word; cast to the same type without the limit, the value is stored by assignment, which
    refuses one too long (see `_rebuilds.limited_conversion`)."""

    column: Column
    old: Column
    identity_sequence: Sequence | None = None
    via_text: bool = False
    type_recreated: bool = False
    by_assignment: bool = False
    cast_to: str | None = None

    @property
    def destructive(self) -> bool:
        return self.changes_type

    @property
    def changes_type(self) -> bool:
        if self.type_recreated:
            return True
        return (self.column.type, self.column.collation) != (self.old.type, self.old.collation)

    def describe(self) -> str:
        parts = [
            name
            for name, changed in (
                ("type", self.changes_type),
                ("default", self.column.default != self.old.default),
                ("not null", self.column.not_null != self.old.not_null),
                ("identity", self.column.identity != self.old.identity),
                ("generation", self.column.generated != self.old.generated),
            )
            if changed
        ]
        return f"alter column {_column(self.table, self.column.name)} ({', '.join(parts)})"


@dataclass(frozen=True, slots=True)
class DetachPartition(TableChange):
    """`ALTER TABLE parent DETACH PARTITION`: the target's partition `old` becomes the plain
    table `table` (the target's, as it is once detached), keeping its rows, the columns,
    constraints and indexes it had from its parent. Runs first, before anything is dropped: a
    parent that goes would take its partitions with it."""

    old: Table

    def describe(self) -> str:
        parent = self.old.partition_of or "?"
        return f"detach {_describe(self.table)} from partitioned table {parent}"


@dataclass(frozen=True, slots=True)
class AttachPartition(TableChange):
    """`ALTER TABLE parent ATTACH PARTITION table FOR VALUES ...`: the target's plain table
    `old`, its columns already made the parent's, becomes the source's partition `table`,
    keeping its rows. `checks` are the parent's CHECK constraints the table lacks: PostgreSQL
    attaches only a table that has them (they are added first, under the parent's names).
    Indexes and keys equal to the parent's are attached to them; the others are made."""

    old: Table
    checks: tuple[Constraint, ...] = ()

    @property
    def needs(self) -> tuple[ObjectKey, ...]:
        # Everything else done to the table first (its columns), and the parent's constraints.
        t = self.table
        parent_constraints = tuple(
            ObjectKey("constraint", c.schema, c.name, c.table) for c in self.checks
        )
        return (*t.depends_on, t.key, *parent_constraints)

    def describe(self) -> str:
        return f"attach {_describe(self.table)} to partitioned table {self.table.partition_of}"


@dataclass(frozen=True, slots=True)
class SetColumnDefault(TableChange):
    """Set a new table's column default after the fact: what the default calls needs the table
    (a function whose SQL body reads it), so the table is created without it first. A default
    of None drops it: from a table that goes, before the functions it calls go (they need it)."""

    column: Column

    def describe(self) -> str:
        verb = "drop" if self.column.default is None else "set"
        return f"{verb} default of column {_column(self.table, self.column.name)}"


@dataclass(frozen=True, slots=True)
class AlterTable(TableChange):
    """Table-level settings: row security (enabled, forced), logged or not, storage options."""

    old: Table

    def describe(self) -> str:
        return f"alter {_describe(self.table)}"


# Settings that no CREATE or column definition carries: set once the table, the column or the
# index they name exists (see `comparison.column_setting_changes` and `index_mark_changes`).


@dataclass(frozen=True, slots=True)
class AlterColumnSettings(TableChange):
    """Bring a column's statistics target, storage, compression and options from `old` (the
    target's, or unset for a column just created) to the source's `column`."""

    column: Column
    old: Column

    def describe(self) -> str:
        changed = [
            name
            for name in ("statistics", "storage", "compression", "options")
            if getattr(self.column, name) != getattr(self.old, name)
        ]
        return f"set {', '.join(changed)} of column {_column(self.table, self.column.name)}"


class _IndexMark(TableChange):
    """A table setting that may name one of its indexes (or a constraint's index, which has
    the constraint's name): it needs that index."""

    __slots__ = ()

    @property
    def index(self) -> str | None:
        raise NotImplementedError

    @property
    def index_keys(self) -> tuple[ObjectKey, ...]:
        """The keys the named index may have: an index's, or its constraint's."""
        if self.index is None:
            return ()
        t = self.table
        return tuple(ObjectKey(k, t.schema, self.index, t.name) for k in ("index", "constraint"))

    @property
    def needs(self) -> tuple[ObjectKey, ...]:
        return (*self.table.depends_on, *self.index_keys)


@dataclass(frozen=True, slots=True)
class SetReplicaIdentity(_IndexMark):
    """`ALTER TABLE ... REPLICA IDENTITY` to the source table's."""

    @property
    def index(self) -> str | None:
        return self.table.replica_identity_index

    def describe(self) -> str:
        t = self.table
        how = f"using index {display_name(self.index)}" if self.index else t.replica_identity
        return f"set replica identity of {_describe(t)}: {how}"


@dataclass(frozen=True, slots=True)
class SetClusterOn(_IndexMark):
    """`ALTER TABLE ... CLUSTER ON` the source table's index, or `SET WITHOUT CLUSTER`."""

    @property
    def index(self) -> str | None:
        return self.table.cluster_on

    def describe(self) -> str:
        return f"set cluster index of {_describe(self.table)}: {self.index or 'none'}"


@dataclass(frozen=True, slots=True, kw_only=True)
class RebuildType(CreateObject):
    """Create the source's enum, domain or composite type `obj` in place of the target's, which
    no ALTER can bring to it (an enum that lost or reordered a label, a domain with another
    base type, a type built on one of those: see `_rebuilds.py`): the target's is renamed
    `old_name` first, so that what uses it keeps working until its columns are converted
    (`AlterColumn` with `type_recreated`), and dropped at the end (a `DropObject` of the renamed
    type). Destructive: a value the new type does not take (a label gone, a number out of
    range) cannot be converted, and the conversion fails on it."""

    old_name: str

    @property
    def destructive(self) -> bool:
        return True

    def describe(self) -> str:
        renamed = display_name(self.obj.schema, self.old_name)
        return f"re-create {_describe(self.obj)} (the old one renamed {renamed} meanwhile)"


@dataclass(frozen=True, slots=True)
class AddEnumValue(Change):
    """`ALTER TYPE ... ADD VALUE`, placed before `before` (or after `after`)."""

    enum: EnumType
    label: str
    before: str | None = None
    after: str | None = None

    @property
    def key(self) -> ObjectKey:
        return self.enum.key

    def describe(self) -> str:
        return f"add value {self.label!r} to {_describe(self.enum)}"


@dataclass(frozen=True, slots=True)
class AlterComposite(ObjectChange):
    """A composite type's attributes dropped, changed and added at the end, in place, with
    CASCADE: typed tables of the type change with it."""

    old: CompositeType

    @property
    def destructive(self) -> bool:  # a dropped or retyped attribute takes typed tables' data
        names = {a.name: a for a in self.obj.attributes}
        return any(names.get(a.name) != a for a in self.old.attributes)

    def describe(self) -> str:
        return f"alter attributes of {_describe(self.obj)}"


@dataclass(frozen=True, slots=True)
class AlterDomain(Change):
    """A domain's default, NOT NULL and CHECK constraints (its base type is not alterable)."""

    domain: DomainType
    old: DomainType

    @property
    def key(self) -> ObjectKey:
        return self.domain.key

    @property
    def needs(self) -> tuple[ObjectKey, ...]:
        return self.domain.depends_on

    def describe(self) -> str:
        return f"alter {_describe(self.domain)}"


@dataclass(frozen=True, slots=True)
class AlterSequence(Change):
    """A sequence's type, start, increment, bounds, cache and cycle."""

    sequence: Sequence
    old: Sequence

    @property
    def key(self) -> ObjectKey:
        return self.sequence.key

    def describe(self) -> str:
        return f"alter {_describe(self.sequence)}"


@dataclass(frozen=True, slots=True)
class SetSequenceOwner(Change):
    """`ALTER SEQUENCE ... OWNED BY` the source's column (or NONE); runs after the table exists."""

    sequence: Sequence

    @property
    def key(self) -> ObjectKey:
        return self.sequence.key

    @property
    def needs(self) -> tuple[ObjectKey, ...]:
        s = self.sequence
        if s.owned_by_schema and s.owned_by_table:
            return (ObjectKey("table", s.owned_by_schema, s.owned_by_table),)
        return ()

    def describe(self) -> str:
        s = self.sequence
        owner = "nothing"
        if s.owned_by_schema and s.owned_by_table and s.owned_by_column:
            table = ObjectKey("table", s.owned_by_schema, s.owned_by_table)
            owner = _column(table, s.owned_by_column)
        return f"set {_describe(s)} owned by {owner}"


@dataclass(frozen=True, slots=True)
class SetSequenceValue(Change):
    """`setval(sequence, last_value, is_called)`: only when values are compared."""

    sequence: Sequence

    @property
    def key(self) -> ObjectKey:
        return self.sequence.key

    def describe(self) -> str:
        s = self.sequence
        return f"set {_describe(s)} to {s.last_value} (is_called {s.is_called})"


@dataclass(frozen=True, slots=True)
class SetTriggerEnabled(Change):
    """`ALTER TABLE ... ENABLE/DISABLE TRIGGER` to the source's state."""

    trigger: Trigger

    @property
    def key(self) -> ObjectKey:
        return self.trigger.key

    def describe(self) -> str:
        return f"set {_describe(self.trigger)} enabled: {self.trigger.enabled}"


@dataclass(frozen=True, slots=True)
class UpdateExtension(Change):
    """Move an extension to the source's schema and version."""

    extension: Extension
    old: Extension

    @property
    def key(self) -> ObjectKey:
        return self.extension.key

    def describe(self) -> str:
        e = self.extension
        return f"update extension {e.name} to version {e.version} in schema {e.schema}"


@dataclass(frozen=True, slots=True)
class SetComment(ObjectChange):
    """`COMMENT ON` an object (or one of its columns when `column` is set); None removes it."""

    comment: str | None
    column: str | None = None

    def describe(self) -> str:
        what = _describe(self.obj)
        if self.column is not None:
            what = f"column {_column(self.obj, self.column)}"
        return f"{'set' if self.comment is not None else 'remove'} comment on {what}"


@dataclass(frozen=True, slots=True)
class ChangePrivileges(ObjectChange):
    """GRANT `grant` (with grant option when grantable) and REVOKE `revoke` (a grantable entry
    there revokes only the grant option). `owner_revoke` and `owner_grant` are privileges the
    owner takes away from itself or gets back; `owner` names the role that owns the object when
    they run (None: the role running the script, which owns what it creates)."""

    grant: tuple[Privilege, ...] = ()
    revoke: tuple[Privilege, ...] = ()
    owner_grant: tuple[str, ...] = ()
    owner_revoke: tuple[str, ...] = ()
    owner: str | None = None

    def describe(self) -> str:
        return f"change privileges on {_describe(self.obj)}"


@dataclass(frozen=True, slots=True)
class SetOwner(ObjectChange):
    """`ALTER ... OWNER TO`: only when owners are compared."""

    owner: str

    def describe(self) -> str:
        return f"set owner of {_describe(self.obj)} to {self.owner}"


def _describe(obj: Any) -> str:
    """`table app.users`, `materialized view app.m`, `procedure app.p(integer)`..."""
    key: ObjectKey = obj.key
    text = key.describe()
    kind: str = obj.kind
    if getattr(obj, "materialized", False):
        kind = "materialized view"
    return kind + text[len(key.kind) :]


def _column(table: Any, column: str) -> str:
    """`app.users.email`, quoting what needs it."""
    return display_name(table.schema, table.name, column)
