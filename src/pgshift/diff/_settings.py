"""Settings of tables and columns that are not part of their definition's DDL: which changes
set them, and when.

A column's statistics target, storage, compression and options are set after the table or the
column is created, and again after a type change (a new type brings its own storage and
compression). A table's replica identity and CLUSTER index are set after the table and the index
they name exist, and again when that index (or constraint) is created again: dropping it took
the mark with it. Pure logic: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ..inspect.model import Column, Model, ObjectKey, Table
from ..sqltext import display_name
from .changes import (
    AddColumn,
    AlterColumn,
    Change,
    CreateObject,
    TableChange,
    _column,
    _describe,
)


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


def index_mark_changes(
    source: Model, target: Model, changes: Sequence[Change]
) -> list[SetReplicaIdentity | SetClusterOn]:
    """Replica identities and CLUSTER indexes of the source's tables that the target lacks once
    `changes` ran: those that differ, those of tables created (or created again), and those
    whose index is created again."""
    created = {c.key for c in changes if isinstance(c, CreateObject)}
    target_tables = {t.key: t for t in target.tables}
    result: list[SetReplicaIdentity | SetClusterOn] = []
    for table in source.tables:
        old = None if table.key in created else target_tables.get(table.key)
        have = old or Table(table.schema, table.name, ())
        identity = (table.replica_identity, table.replica_identity_index)
        change = SetReplicaIdentity(table)
        if identity != (have.replica_identity, have.replica_identity_index) or (
            _recreated(change, created)
        ):
            result.append(change)
        cluster = SetClusterOn(table)
        if table.cluster_on != have.cluster_on or _recreated(cluster, created):
            result.append(cluster)
    return result


def _recreated(change: _IndexMark, created: set[ObjectKey]) -> bool:
    return any(key in created for key in change.index_keys)


def column_setting_changes(
    source: Model, target: Model, changes: Sequence[Change]
) -> list[AlterColumnSettings]:
    """The settings of the source's columns that the target lacks once `changes` ran: a table
    or column created (or created again) has none, a column whose type changes keeps only its
    statistics target and options."""
    created = {c.key for c in changes if isinstance(c, CreateObject)}
    added = {(c.key, c.column.name) for c in changes if isinstance(c, AddColumn)}
    retyped = {
        (c.key, c.column.name) for c in changes if isinstance(c, AlterColumn) and c.changes_type
    }
    target_tables = {t.key: t for t in target.tables}
    result: list[AlterColumnSettings] = []
    for table in source.tables:
        old_table = None if table.key in created else target_tables.get(table.key)
        for column in table.columns:
            old = old_table.column(column.name) if old_table is not None else None
            if old is None or (table.key, column.name) in added:
                old = _unset(column)
            elif (table.key, column.name) in retyped:
                old = dataclasses.replace(old, storage=None, compression=None)
            if _settings(column) != _settings(old):
                result.append(AlterColumnSettings(table, column, old))
    return result


# Settings wait, like follow-ups, for everything done to their table (its creation, its
# columns), but run right after it rather than with the follow-ups at the end.
SETTINGS = (AlterColumnSettings, SetReplicaIdentity, SetClusterOn)


def _settings(column: Column) -> tuple[object, ...]:
    return (column.statistics, column.storage, column.compression, column.options)


def _unset(column: Column) -> Column:
    return dataclasses.replace(column, statistics=None, storage=None, compression=None, options=())
