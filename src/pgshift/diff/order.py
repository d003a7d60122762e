"""The order changes run in: four phases, dependencies first inside each.

0. `DETACH`: detach the partitions that leave their parent (see `_partitions.py`), before
   anything is dropped: a parent that goes would take them with it.
1. `DROP_DEPENDANTS`: drop what uses other objects and is gone or must be re-created — policies,
   triggers, rules, views, indexes, constraints, columns, tables — each before what it depends
   on. A function, type or other definition that goes joins them when it needs something
   dropped here (a function taking a table's row type, or reading the table in a SQL-standard
   body), and so does a function taking a type renamed to be rebuilt (an enum, a domain: by
   phase 3 its signature would name the new one).
2. `CREATE`: create and alter, each object after the objects it needs. When dependencies leave a
   choice, the usual order applies (`CREATE_ORDER`): schemas, extensions, languages and
   foreign-data objects, collations, types, sequences, tables, constraints (foreign keys last),
   functions, operators and other definitions, indexes, views, rules, triggers, policies,
   publications, default privileges, then follow-ups (sequence ownership and values, trigger
   states, comments, owners). A table's settings (`SETTINGS`: column settings, replica
   identity, CLUSTER index) come as soon as everything done to the table (and the index they
   name) is done.
3. `DROP_DEFINITIONS`: drop functions, sequences, types, collations, operators and the other
   definitions (`_DEFINITION_KINDS`), extensions and schemas that are gone, now that nothing
   left uses them; schemas last.

Inside a phase, `graphlib.TopologicalSorter` enforces the dependencies read from the databases
(`Change.needs`) and, among the changes that are ready, the one earliest in the usual order runs
first, then the one earliest by key (then as compare() listed them), so the result is
deterministic.
"""

from __future__ import annotations

import dataclasses
import enum
import heapq
from collections import defaultdict
from collections.abc import Iterable
from graphlib import CycleError, TopologicalSorter

from ..inspect.model import Table
from .changes import (
    AddEnumValue,
    AlterColumnSettings,
    AlterDomain,
    Change,
    ChangePrivileges,
    CreateObject,
    DetachPartition,
    DropColumn,
    DropObject,
    RebuildType,
    SetClusterOn,
    SetColumnDefault,
    SetComment,
    SetOwner,
    SetReplicaIdentity,
    SetSequenceOwner,
    SetSequenceValue,
    SetTriggerEnabled,
)


class Phase(enum.IntEnum):
    DETACH = 0
    DROP_DEPENDANTS = 1
    CREATE = 2
    DROP_DEFINITIONS = 3


# Two groups of kinds that hold no data, each in the order its kinds are created: languages
# and foreign-data objects (made before types), and the definitions made from functions
# (operators, casts, text search objects...). Both are also dropped last (`_DEFINITION_KINDS`).
_LANGUAGES_AND_FOREIGN_DATA = (
    "language",
    "access method",
    "foreign data wrapper",
    "server",
    "user mapping",
)
_FUNCTION_SUPPORT = (
    "operator",
    "operator family",
    "operator class",
    "cast",
    "transform",
    "conversion",
    "text search parser",
    "text search template",
    "text search dictionary",
    "text search configuration",
)
# The usual order of object kinds (ObjectKey.kind) when creating; dropping reverses it.
CREATE_ORDER = (
    "schema",
    "extension",
    *_LANGUAGES_AND_FOREIGN_DATA,
    "collation",
    "type",
    "sequence",
    "table",
    "foreign table",
    "constraint",
    "foreign key",
    "function",
    *_FUNCTION_SUPPORT,
    "index",
    "statistics",
    "view",
    "rule",
    "trigger",
    "policy",
    "publication",
    "subscription",
    # After every object the script creates, so that they are made as the source's were.
    "default privileges",
    # Last, as pg_dump does: once it exists it fires on the script's own DDL.
    "event trigger",
)
# Changes that finish an object off: nothing else waits for them, they wait for their object.
FOLLOW_UPS = (
    SetColumnDefault,
    SetSequenceOwner,
    SetTriggerEnabled,
    SetSequenceValue,
    SetComment,
    SetOwner,
    ChangePrivileges,
)
# Settings wait, like follow-ups, for everything done to their table (its creation, its
# columns), but run right after it rather than with the follow-ups at the end.
SETTINGS = (AlterColumnSettings, SetReplicaIdentity, SetClusterOn)
# Both follow-ups and settings wait for what is done to their object; nothing waits for them.
_WAIT_FOR_OBJECT = (*FOLLOW_UPS, *SETTINGS)
_DEFINITION_KINDS = (
    "function",
    "sequence",
    "type",
    "collation",
    "extension",
    "schema",
    *_FUNCTION_SUPPORT,
    *_LANGUAGES_AND_FOREIGN_DATA,
)


def phase_of(change: Change) -> Phase:
    """The phase a change runs in, on its own (see `order_changes` for the exceptions)."""
    if isinstance(change, DetachPartition):
        return Phase.DETACH
    if isinstance(change, DropColumn):
        return Phase.DROP_DEPENDANTS
    if isinstance(change, SetColumnDefault) and change.column.default is None:
        # A table that goes losing its defaults first (`_split_table_defaults`): with the
        # table, before the functions they call, also when an ordered plan is ordered again.
        return Phase.DROP_DEPENDANTS
    if isinstance(change, DropObject):
        if not change.replacing and change.key.kind in _DEFINITION_KINDS:
            return Phase.DROP_DEFINITIONS
        return Phase.DROP_DEPENDANTS
    return Phase.CREATE


def order_changes(changes: Iterable[Change]) -> list[Change]:
    """`changes` in an order that runs: see the module docstring."""
    changes = list(changes)
    by_phase: dict[Phase, list[Change]] = defaultdict(list)
    for change, phase in zip(changes, _phases(changes), strict=True):
        by_phase[phase].append(change)
    ordered: list[Change] = []
    for phase in Phase:
        dropping = phase in (Phase.DROP_DEPENDANTS, Phase.DROP_DEFINITIONS)
        ordered += _order_phase(by_phase[phase], dropping=dropping)
    return ordered


def _phases(changes: list[Change]) -> list[Phase]:
    """Each change's phase: `phase_of`, except that a definition dropped at the end moves to
    the first drop phase when it needs an object dropped there (and then so does what needs
    it), and a function that goes does when it takes a type that is renamed to be rebuilt
    before the create phase (`RebuildType`): by the end, its signature names the new type."""
    phases = [phase_of(change) for change in changes]
    renamed = {c.key for c in changes if isinstance(c, RebuildType)}
    moved = True
    while moved:
        moved = False
        early = {
            c.key
            for c, phase in zip(changes, phases, strict=True)
            if isinstance(c, DropObject) and phase == Phase.DROP_DEPENDANTS
        }
        for index, change in enumerate(changes):
            needs = set(change.needs)
            if phases[index] == Phase.DROP_DEFINITIONS and (
                early & needs or (change.key.kind == "function" and renamed & needs)
            ):
                phases[index] = Phase.DROP_DEPENDANTS
                moved = True
    return phases


def _order_phase(changes: list[Change], *, dropping: bool) -> list[Change]:
    # Ties keep the order compare() produced (e.g. enum values placed one after another).
    keys = [(*_sort_key(change, dropping=dropping), i) for i, change in enumerate(changes)]
    sorter = _dependency_graph(changes, dropping=dropping)
    try:
        sorter.prepare()
    except CycleError as cycle:
        # The cycle is a path that ends where it starts: each node once.
        split = _split_table_defaults(changes, [changes[i] for i in dict.fromkeys(cycle.args[1])])
        if split is not None:
            return _order_phase(split, dropping=dropping)
        # Objects that need each other in a way pgshift cannot untie: fall back to the usual
        # order and let the server say what it cannot run.
        return [changes[i] for i in sorted(range(len(changes)), key=keys.__getitem__)]
    ready: list[tuple[tuple[object, ...], int]] = []
    result: list[Change] = []
    while sorter.is_active():
        for index in sorter.get_ready():
            heapq.heappush(ready, (keys[index], index))
        _, index = heapq.heappop(ready)
        result.append(changes[index])
        sorter.done(index)
    return result


def _dependency_graph(changes: list[Change], *, dropping: bool) -> TopologicalSorter[int]:
    providers: dict[object, list[int]] = defaultdict(list)
    for index, change in enumerate(changes):
        if not isinstance(change, _WAIT_FOR_OBJECT):
            providers[change.key].append(index)
    sorter: TopologicalSorter[int] = TopologicalSorter()
    for index, change in enumerate(changes):
        sorter.add(index)
        needed = {j for key in _needs(change) for j in providers.get(key, ()) if j != index}
        for j in needed:
            # Creating: what is needed comes first. Dropping: what needs comes first.
            if dropping:
                sorter.add(j, index)
            else:
                sorter.add(index, j)
    return sorter


def _split_table_defaults(changes: list[Change], cycle: list[Change]) -> list[Change] | None:
    """Untie a table from the functions its defaults call (and which read the table, as a
    SQL-standard function body does). A new table is created without its defaults, set
    afterwards, as pg_dump does; a table that goes loses its defaults first, so that those
    functions can go before it. None when the cycle holds no such table."""
    tables = [
        c
        for c in cycle
        if isinstance(c, (CreateObject, DropObject))
        and isinstance(c.obj, Table)
        and any(key.kind == "function" for key in c.obj.depends_on)
        and any(column.default is not None for column in c.obj.columns)
    ]
    if not tables:
        return None
    result = [c for c in changes if not any(c is t for t in tables)]
    for change in tables:
        table: Table = change.obj
        bare = dataclasses.replace(
            table,
            columns=tuple(dataclasses.replace(c, default=None) for c in table.columns),
            depends_on=tuple(k for k in table.depends_on if k.kind != "function"),
        )
        with_default = [c for c in table.columns if c.default is not None]
        if isinstance(change, DropObject):
            result.append(DropObject(bare, replacing=change.replacing))
            result += [
                SetColumnDefault(table, dataclasses.replace(c, default=None)) for c in with_default
            ]
        else:
            result.append(CreateObject(bare, change.identity_sequences))
            result += [SetColumnDefault(table, c) for c in with_default]
    return result


def _needs(change: Change) -> tuple[object, ...]:
    if isinstance(change, _WAIT_FOR_OBJECT):
        # Follow-ups wait for everything done to their own object (and ownership for the table).
        return (change.key, *change.needs)
    return change.needs


def _sort_key(change: Change, *, dropping: bool) -> tuple[object, ...]:
    kind = change.key.kind
    if kind == "constraint" and getattr(getattr(change, "obj", None), "type", "") == "foreign key":
        kind = "foreign key"
    rank: float = CREATE_ORDER.index(kind) if kind in CREATE_ORDER else len(CREATE_ORDER)
    if dropping:
        rank = -rank
        if isinstance(change, DropColumn):
            rank = -CREATE_ORDER.index("table") - 0.5  # before tables are dropped
    follow_up = next((i for i, cls in enumerate(FOLLOW_UPS) if isinstance(change, cls)), -1)
    step = 0 if isinstance(change, (CreateObject, AlterDomain, AddEnumValue)) else 1
    return (follow_up, rank, step, change.key)
