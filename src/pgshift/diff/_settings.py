"""Settings of tables and columns that are not part of their definition's DDL: which changes
set them, and when.

A column's statistics target, storage, compression and options are set after the table or the
column is created, and again after a type change (a new type brings its own storage and
compression). Pure logic: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ..inspect.model import Column, Model
from .changes import AddColumn, AlterColumn, Change, CreateObject, TableChange, _column


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
SETTINGS = (AlterColumnSettings,)


def _settings(column: Column) -> tuple[object, ...]:
    return (column.statistics, column.storage, column.compression, column.options)


def _unset(column: Column) -> Column:
    return dataclasses.replace(column, statistics=None, storage=None, compression=None, options=())
