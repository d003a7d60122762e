"""Compare two models: the changes that make the target like the source.

Objects are matched by key (kind, schema, name, table, signature) and compared by definition:
a unique index and a primary key on the same column are different objects, a function with the
same name and other arguments is another function. Pure logic: no I/O.

Settings that are not part of a table's or column's DDL come after the definitions
(`_settings.py`); owners and privileges are `_privileges.py`'s, enum labels `_enums.py`'s,
types made again under their name `_rebuilds.py`'s and tables moving into or out of partitioned
tables `_partitions.py`'s.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from collections.abc import Callable, Iterable
from typing import Any

from .._collector import collector_paused
from ..inspect.model import (
    CATALOG_KINDS,
    KINDS,
    RESETTABLE_KINDS,
    Aggregate,
    CatalogObject,
    Collation,
    CompositeType,
    Constraint,
    DomainType,
    EnumType,
    EventTrigger,
    Extension,
    Function,
    Index,
    Model,
    ObjectKey,
    Policy,
    RangeType,
    Rule,
    Schema,
    Sequence,
    Table,
    Trigger,
    View,
    table_columns,
)
from ..sqltext import display_name
from ._enums import added_in_order, added_values
from ._partitions import detach_partitions, is_attached, merge_on_attach
from ._privileges import owner_changes, privilege_changes
from ._rebuilds import (
    RebuildableType,
    converts_via_text,
    element_type,
    limited_conversion,
    old_names,
    rebuilt_types,
    types_by_name,
)
from ._settings import column_setting_changes, index_mark_changes
from .changes import (
    DATA_KINDS,
    AddColumn,
    AlterColumn,
    AlterComposite,
    AlterDomain,
    AlterSequence,
    AlterTable,
    AttachPartition,
    Change,
    CreateObject,
    DropColumn,
    DropObject,
    RebuildType,
    RedoInPlace,
    ReplaceObject,
    SetComment,
    SetOptions,
    SetSequenceOwner,
    SetSequenceValue,
    SetTriggerEnabled,
    UpdateExtension,
)


class Include(enum.Flag):
    """What `compare` looks at beyond definitions.

    `OWNERS`: object owners (they differ whenever two servers use other roles).
    `SEQUENCE_VALUES`: each sequence's `last_value` and `is_called` (what a clone must carry).
    `PRIVILEGES`: what is granted to roles other than the owner. Without it, an object dropped
    and created again still gets back the privileges it had in the target.
    """

    DEFINITIONS = 0
    OWNERS = enum.auto()
    SEQUENCE_VALUES = enum.auto()
    PRIVILEGES = enum.auto()


@collector_paused()
def compare(
    source: Model, target: Model, *, include: Include = Include.DEFINITIONS
) -> list[Change]:
    """The changes that make `target` like `source`, unordered (see `order_changes`).

    An empty list means the two have the same objects with the same definitions (and, when
    asked with `include`, the same owners and sequence values).

    >>> compare(model, model)
    []
    """
    differ = _Differ(source, target, include)
    return differ.run()


class _Differ:
    def __init__(self, source: Model, target: Model, include: Include) -> None:
        self.source = source
        # The target as partitions moving between tables leave it (see _partitions.py).
        target, detaching = detach_partitions(source, target)
        self.target, self.attach_checks = merge_on_attach(source, target)
        self.include = include
        self.changes: list[Change] = list(detaching)
        # Enums, domains and composite types as column types name them.
        self.source_types = types_by_name(source)
        self.target_types = types_by_name(self.target)
        self.rebuilt_types = rebuilt_types(self.source_types, self.target_types)
        self.identity = {
            (s.owned_by_schema, s.owned_by_table, s.owned_by_column): s
            for s in source.sequences
            if s.identity
        }
        self.source_tables = {(t.schema, t.name): t for t in source.tables}
        # What lives on each of the target's tables (and views): it goes when they go.
        self.on_relation: dict[tuple[str, str], list[Any]] = {}
        for kind in ("constraints", "indexes", "triggers", "rules", "policies"):
            for child in getattr(self.target, kind):
                self.on_relation.setdefault((child.schema, child.table), []).append(child)

    @functools.cached_property
    def _source_columns(self) -> dict[ObjectKey, tuple[Any, ...]]:
        """The source's tables' columns, inherited ones included (only tables attached need
        them: read once, when the first is)."""
        return table_columns(self.source)

    def run(self) -> list[Change]:
        compare_pair: dict[str, Callable[[Any, Any], None]] = {
            "schemas": self._schema,
            "extensions": self._extension,
            "collations": self._replaced_when_changed,
            "enums": self._enum,
            "domains": self._domain,
            "composite_types": self._composite,
            "range_types": self._replaced_when_changed,
            "tables": self._table,
            "constraints": self._replaced_when_changed,
            "indexes": self._replaced_when_changed,
            "sequences": self._sequence,
            "functions": self._function,
            "aggregates": self._replaced_when_changed,
            "triggers": self._trigger,
            "views": self._view,
            "rules": self._replaced_when_changed,
            "policies": self._replaced_when_changed,
            "event_triggers": self._replaced_when_changed,
            **dict.fromkeys(CATALOG_KINDS, self._catalog_object),
        }
        dropped_relations = self._dropped_relations()
        source_keys = set(self.source.by_key())
        source_names = {_type_or_relation_name(obj) for obj in self.source.objects()} - {None}
        for kind in KINDS:
            before = {obj.key: obj for obj in getattr(self.target, kind)}
            after = {obj.key: obj for obj in getattr(self.source, kind)}
            for key, obj in after.items():
                if key not in before:
                    self._create(obj)
                else:
                    compare_pair[kind](obj, before[key])
            for key, old in before.items():
                if key not in after and not self._goes_with(old, dropped_relations):
                    # The same name as another kind (an enum become a domain, a sequence become
                    # a table): dropped first to make room, like any replacement.
                    replacing = key in source_keys or _type_or_relation_name(old) in source_names
                    old = self._with_passengers(old, dropped_relations)
                    old = self._before_renamed_types(old)
                    self.changes.append(DropObject(old, replacing=replacing))
        self._renamed_parameters()
        self._cascade_replacements()
        self._relink_operators()
        self.changes += column_setting_changes(self.source, self.target, self.changes)
        self.changes += index_mark_changes(self.source, self.target, self.changes)
        owners = bool(self.include & Include.OWNERS)
        if owners:
            self.changes += owner_changes(self.source, self.target, self.changes)
        everything = bool(self.include & Include.PRIVILEGES)
        self.changes += privilege_changes(
            self.source, self.target, self.changes, everything=everything, owners=owners
        )
        return self.changes

    # -- objects in one model only

    def _dropped_relations(self) -> set[tuple[str, str]]:
        def relations(model: Model) -> set[tuple[str, str]]:
            return (
                {(t.schema, t.name) for t in model.tables}
                | {(v.schema, v.name) for v in model.views}
                | {(f.schema, f.name) for f in model.foreign_tables}
            )

        return relations(self.target) - relations(self.source)

    def _create(self, obj: Any) -> None:
        if isinstance(obj, Sequence) and obj.identity:
            self._sequence_value(obj, None)  # the sequence itself comes with its column
            return
        if isinstance(obj, Table):
            identity = tuple(
                seq
                for column in obj.columns
                if (seq := self.identity.get((obj.schema, obj.name, column.name))) is not None
            )
            self.changes.append(CreateObject(obj, identity))
        else:
            self.changes.append(CreateObject(obj))
        if isinstance(obj, Sequence):
            if obj.owned_by_table:
                self.changes.append(SetSequenceOwner(obj))
            self._sequence_value(obj, None)

    def _replace(self, obj: Any, old: Any) -> None:
        self.changes += [DropObject(old, replacing=True), CreateObject(obj)]

    def _comment(self, obj: Any, old: Any) -> None:
        if obj.comment != old.comment:
            self.changes.append(SetComment(obj, obj.comment))

    def _with_passengers(self, obj: Any, dropped_relations: set[tuple[str, str]]) -> Any:
        """A dropped table or view, needing also what its constraints, triggers... need: they
        go with it, so it must be dropped before what they use (a foreign key's table)."""
        if not isinstance(obj, (Table, View)) or (obj.schema, obj.name) not in dropped_relations:
            return obj
        extra = {
            key
            for child in self.on_relation.get((obj.schema, obj.name), ())
            for key in child.depends_on
            if key != obj.key
        }
        return dataclasses.replace(obj, depends_on=tuple(sorted({*obj.depends_on, *extra})))

    def _before_renamed_types(self, obj: Any) -> Any:
        """A dropped object, needing also the renamed types of the rebuilt types it uses (a
        domain or composite type the source no longer has, over an enum that is rebuilt): it
        still uses the renamed one, which cannot be dropped before it."""
        if not self.rebuilt_types:
            return obj
        names = self._old_names
        renamed = {k._replace(name=names[k]) for k in obj.depends_on if k in names}
        if not renamed:
            return obj
        # Added, not swapped: the type itself stays needed (a function taking it is dropped
        # before the rename, `order._phases`).
        return dataclasses.replace(obj, depends_on=tuple(sorted({*obj.depends_on, *renamed})))

    def _goes_with(self, obj: Any, dropped_relations: set[tuple[str, str]]) -> bool:
        """True when dropping the target's table (or its column) takes `obj` with it."""
        if isinstance(obj, (Constraint, Index, Trigger, Rule, Policy)):
            return (obj.schema, obj.table) in dropped_relations
        if isinstance(obj, Sequence) and obj.owned_by_table:
            table = self.source_tables.get((obj.owned_by_schema or "", obj.owned_by_table))
            return obj.identity or table is None or table.column(obj.owned_by_column or "") is None
        return False

    # -- objects in both

    def _replaced_when_changed(
        self,
        obj: CompositeType
        | RangeType
        | Constraint
        | Index
        | Aggregate
        | Rule
        | Policy
        | Collation
        | EventTrigger
        | CatalogObject,
        old: Any,
    ) -> None:
        """Kinds that have no ALTER for their definition: drop and create again."""
        if obj == old:
            return
        if _without_comment(obj) == _without_comment(old):
            self._comment(obj, old)
        else:
            self._replace(obj, old)

    def _catalog_object(self, obj: CatalogObject, old: CatalogObject) -> None:
        """Options change in place (which keeps the secret ones), comments too, and what comes
        after the first statement for a kind that can take it back (`reset`); anything else
        makes it again."""
        if _without_comment(dataclasses.replace(obj, options=old.options)) != _without_comment(old):
            if not (obj.kind in RESETTABLE_KINDS and obj.create[0] == old.create[0]):
                self._replace(obj, old)
                return
            self.changes.append(RedoInPlace(obj, old))
        if obj.options != old.options:
            self.changes.append(SetOptions(obj, old))
        self._comment(obj, old)

    def _schema(self, obj: Schema, old: Schema) -> None:
        self._comment(obj, old)

    def _extension(self, obj: Extension, old: Extension) -> None:
        if obj != old:
            self.changes.append(UpdateExtension(obj, old))

    def _enum(self, obj: EnumType, old: EnumType) -> None:
        if self._is_rebuilt(old.key):  # a label was removed or the order changed
            self._rebuild_type(obj, old)
            return
        added = added_in_order(old.labels, obj.labels)
        if added:
            self.changes += added_values(obj, added)
        self._comment(obj, old)

    def _rebuild_type(self, obj: RebuildableType, old: RebuildableType) -> None:
        """Columns may use the type, so it cannot simply be dropped: rename it out of the way,
        create the new one, convert the columns (`_column`), drop the old one at the end."""
        names = self._old_names
        # The renamed type, dropped at the end, uses the other renamed ones (a composite's
        # attribute, a domain's base type): it is dropped before them.
        needs = tuple(k._replace(name=names[k]) if k in names else k for k in old.depends_on)
        renamed = dataclasses.replace(old, name=names[old.key], depends_on=needs)
        self.changes += [RebuildType(obj, old_name=names[old.key]), DropObject(renamed)]

    @functools.cached_property
    def _old_names(self) -> dict[ObjectKey, str]:
        """The name each rebuilt type has meanwhile: one no type or relation has on either
        side (read once, when the first type is rebuilt)."""
        taken = {
            name
            for model in (self.source, self.target)
            for o in model.objects()
            if (name := _type_or_relation_name(o)) is not None
        }
        return old_names(self.rebuilt_types, self.target_types, taken)

    def _domain(self, obj: DomainType, old: DomainType) -> None:
        if self._is_rebuilt(old.key):  # another base type or collation, or one rebuilt
            self._rebuild_type(obj, old)
            return
        if (obj.default, obj.not_null, obj.constraints) != (
            old.default,
            old.not_null,
            old.constraints,
        ):
            self.changes.append(AlterDomain(obj, old))
        self._comment(obj, old)

    def _table(self, obj: Table, old: Table) -> None:
        attaching = is_attached(obj, old)  # a partition detached first (old) is plain by now
        shape = ("partitioned", "partition_key", "partition_of", "partition_bound", "inherits")
        if not attaching and any(getattr(obj, f) != getattr(old, f) for f in shape):
            self._replace(obj, old)
            return
        # A table is attached with exactly its new parent's columns: its own become those.
        if attaching:
            columns = self._source_columns[obj.key]
            self._columns(dataclasses.replace(obj, columns=columns), old)
        else:
            self._columns(obj, old)
        settings = (
            "unlogged",
            "row_security",
            "force_row_security",
            "options",
            "of_type",
            "tablespace",
            "access_method",
        )
        if any(getattr(obj, f) != getattr(old, f) for f in settings):
            self.changes.append(AlterTable(obj, old))
        if attaching:
            self.changes.append(AttachPartition(obj, old, self.attach_checks[obj.key]))
        self._comment(obj, old)

    def _composite(self, obj: CompositeType, old: CompositeType) -> None:
        """Attributes dropped, changed or added at the end change in place (`ALTER TYPE ...
        CASCADE`, which carries typed tables along); another order makes the type again."""
        if self._is_rebuilt(old.key):  # an attribute is of a type rebuilt
            self._rebuild_type(obj, old)
            return
        if obj.attributes == old.attributes or not attributes_alterable(old, obj):
            self._replaced_when_changed(obj, old)
            return
        self.changes.append(AlterComposite(obj, old))
        self._comment(obj, old)

    def _columns(self, obj: Table, old: Table) -> None:
        if obj.columns == old.columns and not self.rebuilt_types:
            return  # nothing to change (most tables of a large schema): no search by name
        typed = obj.of_type is not None and obj.of_type == old.of_type
        for column in obj.columns:
            before = old.column(column.name)
            identity = self.identity.get((obj.schema, obj.name, column.name))
            if typed:
                # A typed table's columns are its type's: they come, go and change with it.
                if before is not None:
                    follows = dataclasses.replace(
                        column, type=before.type, collation=before.collation
                    )
                    if follows != before:
                        self._column(obj, follows, before, identity)
                continue
            if before is None:
                self.changes.append(AddColumn(obj, column, identity))
            elif column != before or self._is_rebuilt_type(before.type):
                self._column(obj, column, before, identity)
        for before in old.columns:
            if obj.column(before.name) is None and not typed:
                self.changes.append(DropColumn(old, before))

    def _column(self, table: Table, column: Any, old: Any, identity: Sequence | None) -> None:
        if column.generated is not None and column.generated != old.generated:
            # A new or different generation expression: PostgreSQL 13 can only add the column
            # again (SET EXPRESSION arrived in 17).
            self.changes += [DropColumn(table, old), AddColumn(table, column, identity)]
            return
        # The same type name, but the type is created again: convert the values all the same.
        recreated = column.type == old.type and self._is_rebuilt_type(old.type)
        defined = ("type", "collation", "not_null", "default", "generated", "identity")
        if recreated or any(getattr(column, f) != getattr(old, f) for f in defined):
            # An enum casts only to text, a composite to no other composite: their values go
            # through text to the new type.
            via_text = converts_via_text(old.type, self.target_types)
            assigned, cast_to = limited_conversion(
                old.type, column.type, self.source_types, self.target_types
            )
            self.changes.append(
                AlterColumn(
                    table,
                    column,
                    old,
                    identity,
                    via_text=via_text,
                    type_recreated=recreated,
                    # A generated column takes no USING: its expression makes the new values.
                    by_assignment=assigned or column.generated is not None,
                    cast_to=cast_to,
                )
            )
        if column.comment != old.comment:
            self.changes.append(SetComment(table, column.comment, column.name))

    def _is_rebuilt_type(self, type_name: str) -> bool:
        """Whether a column of `type_name` (the target's) is of a type rebuilt."""
        return element_type(type_name) in self.rebuilt_types

    def _is_rebuilt(self, key: ObjectKey) -> bool:
        return display_name(key.schema, key.name) in self.rebuilt_types

    def _sequence(self, obj: Sequence, old: Sequence) -> None:
        options = ("data_type", "start", "increment", "minimum", "maximum", "cache", "cycle")
        if any(getattr(obj, f) != getattr(old, f) for f in options):
            self.changes.append(AlterSequence(obj, old))
        owned = ("owned_by_schema", "owned_by_table", "owned_by_column")
        if not obj.identity and any(getattr(obj, f) != getattr(old, f) for f in owned):
            self.changes.append(SetSequenceOwner(obj))
        self._sequence_value(obj, old)
        self._comment(obj, old)

    def _sequence_value(self, obj: Sequence, old: Sequence | None) -> None:
        if not self.include & Include.SEQUENCE_VALUES or obj.last_value is None:
            return
        if old is None or (obj.last_value, obj.is_called) != (old.last_value, old.is_called):
            self.changes.append(SetSequenceValue(obj))

    def _function(self, obj: Function, old: Function) -> None:
        if obj.definition != old.definition:
            # CREATE OR REPLACE cannot change the kind, the result type or argument names.
            shape = (obj.kind, obj.result, obj.arguments)
            if shape == (old.kind, old.result, old.arguments):
                self.changes.append(ReplaceObject(obj))
            else:
                self._replace(obj, old)
                return
        self._comment(obj, old)

    def _trigger(self, obj: Trigger, old: Trigger) -> None:
        if obj.definition != old.definition:
            self._replace(obj, old)
            return
        if obj.enabled != old.enabled:
            self.changes.append(SetTriggerEnabled(obj))
        self._comment(obj, old)

    def _view(self, obj: View, old: View) -> None:
        columns = [(c.name, c.type) for c in obj.columns]
        old_columns = [(c.name, c.type) for c in old.columns]
        # A materialized view's tablespace and column settings are set when it is created.
        # (Equal columns have equal settings: blanked only when they differ.)
        same = obj.columns == old.columns
        settings = [] if same else [_settings_of(c) for c in obj.columns]
        old_settings = [] if same else [_settings_of(c) for c in old.columns]
        defined = (obj.definition, columns, obj.options, obj.materialized, obj.tablespace, settings)
        if defined != (
            old.definition,
            old_columns,
            old.options,
            old.materialized,
            old.tablespace,
            old_settings,
        ):
            # CREATE OR REPLACE VIEW keeps dependants but may only append columns.
            in_place = (
                not obj.materialized
                and not old.materialized
                and obj.options == old.options
                and columns[: len(old_columns)] == old_columns
            )
            if not in_place:
                self._replace(obj, old)
                return
            self.changes.append(ReplaceObject(obj))
        self._comment(obj, old)
        for column in obj.columns:
            before = next((c for c in old.columns if c.name == column.name), None)
            if column.comment != (before.comment if before else None):
                self.changes.append(SetComment(obj, column.comment, column.name))

    # -- dependants of what is dropped and created again

    def _cascade_replacements(self) -> None:
        """Objects that depend on something dropped and re-created (or on a table whose column
        type changes or which loses a column) must go and come back too, even when unchanged:
        PostgreSQL refuses to drop or alter what they use."""
        rebuilt = {
            c.key
            for c in self.changes
            if (isinstance(c, DropObject) and c.replacing) or isinstance(c, RebuildType)
        }
        altered_tables = {
            c.key
            for c in self.changes
            if isinstance(c, DropColumn) or (isinstance(c, AlterColumn) and c.changes_type)
        }
        dropping = {c.key for c in self.changes if isinstance(c, DropObject)}
        source = self.source.by_key()
        dependants = _dependants(self.target.objects())
        queue = list(rebuilt | altered_tables)
        self._rebuild_foreign_keys_of_converted_columns(dropping, source)
        while queue:
            key = queue.pop()
            if key.kind == "table" and key in rebuilt:
                self._recreate_owned_sequences(key, source)
            for old in dependants.get(key, ()):
                if old.key in dropping or old.key not in source:
                    continue
                # PostgreSQL refuses to change a column's type under a view or a rule.
                if key in altered_tables and not isinstance(old, (View, Rule)):
                    continue  # indexes and constraints follow a column type change themselves
                if old.kind in DATA_KINDS:
                    continue  # holds data or is used by data: never dropped on the side
                self._rebuild(old, source[old.key])
                dropping.add(old.key)
                queue.append(old.key)

    def _renamed_parameters(self) -> None:
        """A function whose parameters are renamed has another key (identity arguments name
        them), but PostgreSQL sees the same function, which CREATE would clash with: the old
        one is dropped first, as a replacement, so that what uses it is made again too."""

        def same(obj: Function) -> tuple[str, str, str, str]:
            return (obj.kind, obj.schema, obj.name, obj.argument_types)

        created = {
            same(c.obj)
            for c in self.changes
            if isinstance(c, CreateObject) and isinstance(c.obj, Function)
        }
        for i, change in enumerate(self.changes):
            if (
                isinstance(change, DropObject)
                and isinstance(change.obj, Function)
                and not change.replacing
                and same(change.obj) in created
            ):
                self.changes[i] = DropObject(change.obj, replacing=True)

    def _relink_operators(self) -> None:
        """Dropping an operator clears the commutator or negator link other operators have to
        it (PostgreSQL unlinks them). Those that stay are made again after the drop, which
        links them to a shell again, as the source's are: the drop moves before them."""
        dropped = {
            f"operator({display_name(c.obj.schema)}.{c.obj.name})": i
            for i, c in enumerate(self.changes)
            if isinstance(c, DropObject) and not c.replacing and c.key.kind == "operator"
        }
        if not dropped:
            return
        source = self.source.by_key()
        rebuilt = {c.key for c in self.changes if isinstance(c, DropObject)}
        for old in self.target.operators:
            links = [i for needle, i in dropped.items() if needle in old.create[0]]
            if not links or old.key in rebuilt or old.key not in source:
                continue
            self._rebuild(old, source[old.key])
            for i in links:
                drop = self.changes[i]
                assert isinstance(drop, DropObject)
                needs = (*drop.obj.depends_on, old.key)
                self.changes[i] = DropObject(dataclasses.replace(drop.obj, depends_on=needs))

    def _rebuild_foreign_keys_of_converted_columns(
        self, dropping: set[ObjectKey], source: dict[ObjectKey, Any]
    ) -> None:
        """Columns converted through text (enums, composites) or to a type made again are
        converted one table at a time: a foreign key between two of them would be checked
        between the old type and the new, which may not compare. The foreign keys on those
        tables, and to them, go and come back."""
        converted = {
            c.key
            for c in self.changes
            if isinstance(c, AlterColumn) and (c.via_text or c.type_recreated)
        }
        for fk in self.target.constraints:
            on = ObjectKey("table", fk.schema, fk.table)
            linked = on in converted or not converted.isdisjoint(fk.depends_on)
            if fk.type == "foreign key" and linked and fk.key in source and fk.key not in dropping:
                self._rebuild(fk, source[fk.key])
                dropping.add(fk.key)

    def _rebuild(self, old: Any, obj: Any) -> None:
        """Drop and create `obj` again; its create renders its comments, so no follow-ups."""
        self.changes = [
            c
            for c in self.changes
            if not (c.key == old.key and isinstance(c, (ReplaceObject, SetComment)))
        ]
        self.changes.append(DropObject(old, replacing=True))
        if not any(isinstance(c, CreateObject) and c.key == old.key for c in self.changes):
            self.changes.append(CreateObject(obj))

    def _recreate_owned_sequences(self, table: ObjectKey, source: dict[ObjectKey, Any]) -> None:
        """Dropping a table drops the serial sequences it owns: create them again."""
        for old in self.target.sequences:
            owner = ObjectKey("table", old.owned_by_schema or "", old.owned_by_table or "")
            if owner == table and not old.identity and old.key in source:
                self.changes = [c for c in self.changes if c.key != old.key]
                self.changes += [CreateObject(source[old.key]), SetSequenceOwner(source[old.key])]


def attributes_alterable(old: CompositeType, new: CompositeType) -> bool:
    """Whether ALTER TYPE can turn `old`'s attributes into `new`'s: those both have keep
    their order and every new one comes after them (ADD ATTRIBUTE appends)."""
    names = {a.name for a in old.attributes}
    kept_new = [a.name for a in new.attributes if a.name in names]
    kept_old = [a.name for a in old.attributes if a.name in set(kept_new)]
    added_at = [i for i, a in enumerate(new.attributes) if a.name not in names]
    return kept_new == kept_old and all(i >= len(kept_new) for i in added_at)


def _type_or_relation_name(obj: Any) -> tuple[str, str] | None:
    """Tables, views, sequences, indexes and types share one namespace per schema (pg_class
    names, and pg_type names that include every table's row type)."""
    if obj.key.kind in ("table", "view", "sequence", "index", "type", "foreign table"):
        return (obj.schema, obj.name)
    return None


def _settings_of(column: Any) -> Any:
    """A view column without its name, type and comment: its settings."""
    return dataclasses.replace(column, name="", type="", comment=None)


def _without_comment(obj: Any) -> Any:
    return dataclasses.replace(obj, comment=None)


def _dependants(objects: Iterable[Any]) -> dict[ObjectKey, list[Any]]:
    result: dict[ObjectKey, list[Any]] = {}
    for obj in objects:
        for key in obj.depends_on:
            result.setdefault(key, []).append(obj)
    return result
