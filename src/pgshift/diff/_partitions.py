"""Tables that move into or out of a partitioned table, or from one to another: DETACH and
ATTACH PARTITION keep their rows, which dropping the table and creating it again would lose.

A partition cannot be compared with a plain table object by object: its columns, keys and
indexes are its parent's, which inspect does not list on it, while a plain table's are its own.
So the comparison looks at the target as these moves will leave it:

- `detach_partitions`: a partition the source has as a plain table (or under another parent or
  bound) is detached first; it is then a plain table holding the columns, constraints and
  indexes it had from its parent (`Table.inherited_*` recorded them), which the comparison then
  compares with the source's as usual.
- `merge_on_attach`: a plain table the source has as a partition keeps the keys, indexes and
  CHECK constraints equal to those its parent gives it: ATTACH merges them into the parent's,
  after which they are the parent's (unlisted). What the comparison still finds on the table is
  dropped before the ATTACH, and the parent's CHECKs it lacks are added just before it
  (PostgreSQL refuses to attach a table without them).

Pure logic: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..inspect.model import Column, Constraint, Index, Model, ObjectKey, Table, table_columns
from ..sqltext import display_name
from .changes import DetachPartition

_SHAPE = ("partitioned", "partition_key", "inherits")
_OnTable = TypeVar("_OnTable", Constraint, Index)


def is_moved(new: Table, old: Table) -> bool:
    """True when `old` becomes `new` by being detached from its parent, attached to one, or
    both: the parent or the bound differ, and nothing else that shapes the table."""
    placed = (new.partition_of, new.partition_bound) != (old.partition_of, old.partition_bound)
    return placed and all(getattr(new, f) == getattr(old, f) for f in _SHAPE)


def is_rebuilt(new: Table, old: Table) -> bool:
    """True when the source's `new` replaces the target's `old` (dropped and created again): it
    is partitioned otherwise, or inherits from other tables, which no move can change."""
    shape = ("partition_of", "partition_bound", *_SHAPE)
    return any(getattr(new, f) != getattr(old, f) for f in shape) and not is_moved(new, old)


def is_attached(new: Table, old: Table) -> bool:
    """True when the target's plain table `old` becomes the source's partition `new`."""
    return new.partition_of is not None and old.partition_of is None and is_moved(new, old)


def detach_partitions(source: Model, target: Model) -> tuple[Model, list[DetachPartition]]:
    """The target as it is once the partitions that move are detached, and the changes that
    detach them. A partition moves when the source has it as a plain table, under another
    parent or bound, or under a parent that is created again (which would take it along).

    A detached partition keeps its rows and, as its own, the columns, constraints and indexes
    it had from its parent (its cloned triggers go); it no longer depends on the parent.
    """
    wanted = {t.key: t for t in source.tables}
    parents = _by_name(target)
    rebuilt = {t.key for t in target.tables if t.key in wanted and is_rebuilt(wanted[t.key], t)}
    columns: dict[ObjectKey, tuple[Column, ...]] = {}  # read when a partition moves
    tables: list[Table] = []
    constraints, indexes = list(target.constraints), list(target.indexes)
    changes: list[DetachPartition] = []
    for table in target.tables:
        new = wanted.get(table.key)
        parent = parents.get(table.partition_of or "")
        if (
            table.partition_of is None
            or new is None
            or not (is_moved(new, table) or (parent is not None and parent.key in rebuilt))
        ):
            tables.append(table)
            continue
        columns = columns or table_columns(target)
        detached = dataclasses.replace(
            table,
            columns=columns[table.key],
            partition_of=None,
            partition_bound=None,
            inherited_constraints=(),
            inherited_indexes=(),
            depends_on=tuple(k for k in table.depends_on if parent is None or k != parent.key),
        )
        constraints += table.inherited_constraints
        indexes += table.inherited_indexes
        changes.append(DetachPartition(detached, table))
        tables.append(detached)
    model = dataclasses.replace(
        target, tables=tuple(tables), constraints=tuple(constraints), indexes=tuple(indexes)
    )
    return model, changes


def merge_on_attach(
    source: Model, target: Model
) -> tuple[Model, dict[ObjectKey, tuple[Constraint, ...]]]:
    """The target without what attaching its tables to their parents merges into the parent's,
    and, for each table attached, the parent's CHECK constraints it lacks.

    What merges is what equals something the source's partition has from its parent: a key,
    unique or foreign key, or exclusion constraint of the same type and definition (whatever
    its name, as PostgreSQL matches them), a CHECK of the same name and definition, an index of
    the same definition but for its name. Each inherited object takes at most one.
    """
    old_tables = {t.key: t for t in target.tables}
    parents = _by_name(source)
    parent_constraints = {(c.schema, c.table, c.name): c for c in source.constraints}
    merged: set[ObjectKey] = set()
    checks: dict[ObjectKey, tuple[Constraint, ...]] = {}
    for table in source.tables:
        old = old_tables.get(table.key)
        if old is None or not is_attached(table, old):
            continue
        lacking: list[Constraint] = []
        for inherited in table.inherited_constraints:
            found = _first(_on(table, target.constraints), merged, inherited, _same_constraint)
            if found is not None:
                merged.add(found.key)
            elif inherited.type == "check":
                # Added under the parent's name; the parent's own when the source lists it.
                parent = parents.get(table.partition_of or "")
                where = (parent.schema, parent.name) if parent is not None else ("", "")
                lacking.append(parent_constraints.get((*where, inherited.name), inherited))
        for index in table.inherited_indexes:
            found_index = _first(_on(table, target.indexes), merged, index, _same_index)
            if found_index is not None:
                merged.add(found_index.key)
        checks[table.key] = tuple(lacking)
    model = dataclasses.replace(
        target,
        constraints=tuple(c for c in target.constraints if c.key not in merged),
        indexes=tuple(i for i in target.indexes if i.key not in merged),
    )
    return model, checks


def _by_name(model: Model) -> dict[str, Table]:
    """Partitioned tables (the only ones a partition has for parent) by the name `partition_of`
    gives them (regclass text: qualified, quoted as SQL needs)."""
    return {display_name(t.schema, t.name): t for t in model.tables if t.partitioned}


def _on(table: Table, objects: Iterable[_OnTable]) -> list[_OnTable]:
    return [o for o in objects if (o.schema, o.table) == (table.schema, table.name)]


def _first(
    candidates: list[_OnTable],
    taken: set[ObjectKey],
    inherited: _OnTable,
    same: Callable[[_OnTable, _OnTable], bool],
) -> _OnTable | None:
    """The first of `candidates` not `taken` that is the `same` as `inherited`."""
    return next((c for c in candidates if c.key not in taken and same(inherited, c)), None)


def _same_constraint(inherited: Constraint, own: Constraint) -> bool:
    if (inherited.type, inherited.definition) != (own.type, own.definition):
        return False
    return inherited.type != "check" or inherited.name == own.name


def _same_index(inherited: Index, own: Index) -> bool:
    return _unnamed(inherited.definition) == _unnamed(own.definition)


def _unnamed(definition: str) -> str:
    """`pg_get_indexdef` without the index's name: what makes two indexes the same."""
    from pglast import ast, parse_sql
    from pglast.stream import RawStream

    statement = parse_sql(definition)[0].stmt
    assert isinstance(statement, ast.IndexStmt)
    statement.idxname = None
    return str(RawStream()(statement))
