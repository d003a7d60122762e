"""Settings that are not part of a definition's DDL: a column's statistics target, storage,
compression and options are set after the table or the column is created, and again after a
type change (a new type brings its own storage and compression). A table's replica identity and
CLUSTER index are set after the table and the index they name exist, and again when that index
(or constraint) is created again: dropping it took the mark with it. Pure logic: no I/O."""

from __future__ import annotations

import dataclasses

from ..inspect.model import Column, Model, ObjectKey, Table
from ..sqltext import display_name
from .changes import (
    AddColumn,
    AlterColumn,
    AlterColumnSettings,
    AlterComposite,
    Change,
    CreateObject,
    SetClusterOn,
    SetReplicaIdentity,
)


def index_mark_changes(
    source: Model, target: Model, changes: list[Change]
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


def _recreated(change: SetReplicaIdentity | SetClusterOn, created: set[ObjectKey]) -> bool:
    return any(key in created for key in change.index_keys)


def column_setting_changes(
    source: Model, target: Model, changes: list[Change]
) -> list[AlterColumnSettings]:
    """The settings of the source's columns that the target lacks once `changes` ran: a table
    or column created (or created again) has none, a column whose type changes keeps only its
    statistics target and options."""
    created = {c.key for c in changes if isinstance(c, CreateObject)}
    added = {(c.key, c.column.name) for c in changes if isinstance(c, AddColumn)}
    retyped = {
        (c.key, c.column.name) for c in changes if isinstance(c, AlterColumn) and c.changes_type
    } | _retyped_by_their_type(source, changes)
    target_tables = {t.key: t for t in target.tables}
    touched = {key for key, _ in added | retyped}
    result: list[AlterColumnSettings] = []
    for table in source.tables:
        old_table = None if table.key in created else target_tables.get(table.key)
        if (
            old_table is not None
            and table.key not in touched
            and old_table.columns == table.columns
        ):
            continue  # the same columns, settings and all (most tables of a large schema)
        for column in table.columns:
            old = old_table.column(column.name) if old_table is not None else None
            if old is None or (table.key, column.name) in added:
                old = _unset(column)
            elif (table.key, column.name) in retyped:
                old = dataclasses.replace(old, storage=None, compression=None)
            if _settings(column) != _settings(old):
                result.append(AlterColumnSettings(table, column, old))
    return result


def _retyped_by_their_type(source: Model, changes: list[Change]) -> set[tuple[ObjectKey, str]]:
    """Typed tables' columns whose attribute changes type in place (`ALTER TYPE ... ALTER
    ATTRIBUTE ... CASCADE`), which resets their storage as a column's own type change does."""
    changed: dict[str, set[str]] = {}
    for c in changes:
        if isinstance(c, AlterComposite):
            old = {a.name: a.type for a in c.old.attributes}
            changed[display_name(c.obj.schema, c.obj.name)] = {
                a.name for a in c.obj.attributes if a.name in old and old[a.name] != a.type
            }
    return {
        (table.key, name)
        for table in source.tables
        if table.of_type in changed
        for name in changed[table.of_type]
    }


def _settings(column: Column) -> tuple[object, ...]:
    return (column.statistics, column.storage, column.compression, column.options)


def _unset(column: Column) -> Column:
    return dataclasses.replace(column, statistics=None, storage=None, compression=None, options=())
