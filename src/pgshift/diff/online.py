"""Online plans (`diff --online`): the same changes, made so that the tables' readers and writers
keep working while the plan runs on a live database.

- Foreign keys and CHECK constraints on existing tables are added `NOT VALID` and validated by a
  statement of their own, once the `ADD` has committed: the validation scans under `SHARE UPDATE
  EXCLUSIVE`, which blocks neither reads nor writes.
- `SET NOT NULL` on an existing column goes through a helper `CHECK (col IS NOT NULL) NOT
  VALID`, validated the same way; `SET NOT NULL` then skips its scan (PostgreSQL 12 and later
  use the validated check) and the helper is dropped.
- Indexes on existing tables are built (and dropped) `CONCURRENTLY`, outside any transaction
  block; primary keys and unique constraints are built as a unique index concurrently, then
  attached (`ADD CONSTRAINT ... USING INDEX`). Tables created by the plan are empty: what is
  done to them stays as it is.
- Every statement that still takes an `ACCESS EXCLUSIVE` lock on an existing table, or rewrites
  one, carries a comment saying so (and so does an index build that still blocks writes).

The plan is a script of transaction blocks (`begin;` ... `commit;`) and statements that run on
their own between them; it is applied with autocommit, one statement at a time (psql without
`--single-transaction`). Which lock a statement takes is read from its parse tree here; whether
it rewrites the table, from the linter's checks (`lint/altering.py`).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..inspect.model import Constraint, Index, Model, Table, View
from ..sqltext import display_name, ident, qualified
from ._create import index_statements
from ._sql import Statement, alter_column, comments, join, parenthesized, raw
from .changes import (
    AddColumn,
    AlterColumn,
    Change,
    CreateObject,
    DetachPartition,
    DropObject,
    SetClusterOn,
    SetReplicaIdentity,
)

# How a plan is applied; said at its top.
HEADER = """\
-- pgshift diff --online: apply this plan with autocommit, one statement at a time, stopping at
-- the first error: psql -v ON_ERROR_STOP=1 -f FILE (never psql -1 / --single-transaction).
-- Statements between begin; and commit; run in one transaction; the others run on their own,
-- outside any transaction block (CREATE INDEX CONCURRENTLY refuses to run in one; VALIDATE
-- must run after its ADD ... NOT VALID has committed). A plan stopped half way keeps what it
-- committed: diff again for the rest (an index left invalid by a failed CONCURRENTLY build is
-- created again). As migrations: each statement outside a transaction goes alone in a
-- '--! no-transaction' migration, each transaction block in a migration of its own.
"""

# Lock modes, weakest first, with the words comments use.
_SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE"
_SHARE = "SHARE"
_SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"
_ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"
_MODES = (_SHARE_UPDATE_EXCLUSIVE, _SHARE, _SHARE_ROW_EXCLUSIVE, _ACCESS_EXCLUSIVE)

# The linter's rules whose message says what a statement does to an existing table beyond its
# lock: a rewrite, an index built or a table validated under a lock that blocks.
_LINT_RULES = (
    "add-column-rewrite",
    "table-rewrite",
    "add-unique-constraint",
    "add-check-constraint",
    "add-foreign-key",
)

# The statements the linter reads: those its rules above judge, and those creating relations
# (statements on them are not findings).
_LINTED = ("AlterTableStmt", "CreateStmt", "CreateTableAsStmt", "ViewStmt", "CreateSeqStmt")

_CONCURRENTLY = "outside a transaction: CREATE INDEX CONCURRENTLY cannot run in a transaction block"
_DROP_CONCURRENTLY = (
    "outside a transaction: DROP INDEX CONCURRENTLY cannot run in a transaction block"
)
_VALIDATE = (
    "on its own, once the ADD above has committed: the validation scans the table under SHARE "
    "UPDATE EXCLUSIVE, which blocks neither reads nor writes"
)
_VALIDATE_LATER = (
    "on its own, once the ADD has committed: the validation scans the table under SHARE "
    "UPDATE EXCLUSIVE, which blocks neither reads nor writes"
)

NAME_BYTES = 63  # NAMEDATALEN - 1


# When a statement runs: before the others (the slow, failing-early work on what exists: helper
# checks validated, unique indexes built, indexes dropped), in its change's place, or after all
# the others (validations and index builds nothing in the plan needs). The changes in place
# then share as few transactions as possible: whatever is dropped and created again there
# (a view, a function) is never missing for the readers.
BEFORE, IN_PLACE, AFTER = 0, 1, 2


@dataclass(frozen=True)
class PlannedStatement:
    """One statement of an online plan. `in_transaction`: it runs in a transaction block with
    its neighbours; otherwise on its own (`alone` says why). `stage`: BEFORE, IN_PLACE or
    AFTER. `notes`: what it locks or rewrites on tables that exist before the plan (comment
    lines, without `--`)."""

    sql: str  # without its ';'
    in_transaction: bool = True
    alone: str | None = None
    notes: tuple[str, ...] = ()
    stage: int = IN_PLACE


@dataclass(frozen=True)
class PlannedChange:
    """A change and its statements in the online plan."""

    change: Change
    statements: tuple[PlannedStatement, ...]


def plan_online(changes: Sequence[Change], target: Model | None = None) -> list[PlannedChange]:
    """The online statements of `changes`, which must be in running order (`order_changes`).

    `target` is the model of the database the plan runs on: it tells which tables are
    partitioned (PostgreSQL builds no index concurrently on a partitioned table, and attaches
    no constraint to one `USING INDEX`). Without it, only index definitions tell.
    """
    from .rendering import statements

    context = _Context(
        partitioned={(t.schema, t.name) for t in target.tables if t.partitioned}
        if target
        else set(),
        added_columns={
            (c.table.schema, c.table.name, c.column.name)
            for c in changes
            if isinstance(c, AddColumn)
        },
        marked_indexes={
            (c.table.schema, c.table.name, c.index)
            for c in changes
            if isinstance(c, (SetReplicaIdentity, SetClusterOn)) and c.index is not None
        },
        detached={
            (c.table.schema, c.table.name) for c in changes if isinstance(c, DetachPartition)
        },
    )
    created = context.created
    planned: list[PlannedChange] = []
    for change in changes:
        steps = _online_steps(change, context)
        if steps is None:
            steps = [PlannedStatement(_text(s)) for s in statements(change)]
        planned.append(PlannedChange(change, tuple(steps)))
        if isinstance(change, CreateObject) and isinstance(change.obj, (Table, View)):
            created.add((change.obj.schema, change.obj.name))
    return _annotate(planned, created_by=_creations(changes))


def render_online(changes: Sequence[Change], target: Model | None, *, preamble: str) -> str:
    """The online script of `changes` (in running order); `preamble` comes after the header,
    before any transaction (session settings)."""
    blocks: list[str] = [HEADER, preamble] if preamble else [HEADER]
    in_block = False
    planned = plan_online(changes, target)
    groups = [
        (p.change, [s for s in p.statements if s.stage == stage])
        for stage in (BEFORE, IN_PLACE, AFTER)
        for p in planned
        if any(s.stage == stage for s in p.statements) or (stage == IN_PLACE and not p.statements)
    ]
    for change, group in groups:
        mark = "-- destructive: " if change.destructive else "-- "
        lines = [mark + change.describe()]
        started = False  # whether `lines` holds a statement yet
        for statement in group:
            if statement.in_transaction != in_block:
                # A transaction starts or ends: before the change's description when it is
                # the change's first statement.
                if started:
                    blocks.append("\n".join(lines) + "\n")
                    lines = []
                blocks.append("begin;\n" if statement.in_transaction else "commit;\n")
                in_block = statement.in_transaction
            if statement.alone is not None:
                lines.append(f"-- {statement.alone}")
            lines += [f"-- {note}" for note in statement.notes]
            lines.append(statement.sql + ";")
            started = True
        if lines:
            blocks.append("\n".join(lines) + "\n")
    if in_block:
        blocks.append("commit;\n")
    return "\n".join(blocks)


def _text(statement: Statement) -> str:
    return statement.as_string(None)


# --- the changes made online ------------------------------------------------------------------


@dataclass
class _Context:
    """What the plan as a whole tells about one change."""

    partitioned: set[tuple[str, str]]  # tables of the target
    added_columns: set[tuple[str, str, str]]  # (schema, table, column) the plan adds
    marked_indexes: set[tuple[str, str, str]]  # named by REPLICA IDENTITY or CLUSTER ON
    detached: set[tuple[str, str]]  # partitions the plan detaches first
    created: set[tuple[str, str]] = dataclasses.field(default_factory=set)  # so far


def _online_steps(change: Change, context: _Context) -> list[PlannedStatement] | None:
    """The online statements of `change`, or None when they are its usual ones."""
    partitioned = context.partitioned
    if isinstance(change, CreateObject) and not isinstance(change.obj, (Table, View)):
        obj = change.obj
        if isinstance(obj, (Index, Constraint)) and (obj.schema, obj.table) not in context.created:
            if isinstance(obj, Index):
                needed = (obj.schema, obj.table, obj.name) in context.marked_indexes
                return _create_index(obj, partitioned, stage=IN_PLACE if needed else AFTER)
            return _add_constraint(obj, context)
        return None
    if isinstance(change, DropObject) and isinstance(change.obj, Index):
        # What a partition had from its parent can be dropped only once it is detached.
        detached = (change.obj.schema, change.obj.table) in context.detached
        return _drop_index(change.obj, partitioned, stage=IN_PLACE if detached else BEFORE)
    if isinstance(change, AlterColumn) and change.column.not_null and not change.old.not_null:
        return _set_not_null(change)
    return None


def _in_transaction(
    statements: Iterable[Statement], stage: int = IN_PLACE
) -> list[PlannedStatement]:
    return [PlannedStatement(_text(s), stage=stage) for s in statements]


def _alone(text: str, why: str, stage: int = IN_PLACE) -> PlannedStatement:
    return PlannedStatement(text, in_transaction=False, alone=why, stage=stage)


def _create_index(
    index: Index, partitioned: set[tuple[str, str]], *, stage: int
) -> list[PlannedStatement] | None:
    """`CREATE INDEX CONCURRENTLY`: the server's definition with the word added (it always
    starts `CREATE [UNIQUE] INDEX `), except on a partitioned table (written `ON ONLY` by the
    server), for which PostgreSQL refuses it."""
    if (
        " ON ONLY " in index.definition
        or (index.schema, index.table) in partitioned
        or not _INDEX_START.match(index.definition)
    ):
        return None
    # Its tablespace (SET default_tablespace before, RESET after) and column statistics
    # targets come in short transactions of their own around it.
    return [
        _alone(text, _CONCURRENTLY, stage)
        if (text := _text(statement)).startswith("CREATE")
        else _in_transaction([statement], stage)[0]
        for statement in index_statements(index, concurrently=True)
    ] + _in_transaction(comments(index), stage)


_INDEX_START = re.compile(r"^CREATE (?:UNIQUE )?INDEX ")


def _drop_index(
    index: Index, partitioned: set[tuple[str, str]], *, stage: int
) -> list[PlannedStatement] | None:
    if " ON ONLY " in index.definition or (index.schema, index.table) in partitioned:
        return None
    text = _text(join(["drop index concurrently", qualified(index.schema, index.name)]))
    return [_alone(text, _DROP_CONCURRENTLY, stage)]


def _add_constraint(constraint: Constraint, context: _Context) -> list[PlannedStatement] | None:
    table = qualified(constraint.schema, constraint.table)
    on_partitioned = (constraint.schema, constraint.table) in context.partitioned
    definition = constraint.definition
    if constraint.type == "check" or (constraint.type == "foreign key" and not on_partitioned):
        # A foreign key NOT VALID on a partitioned table is PostgreSQL 18's.
        if definition.endswith(" NOT VALID"):
            return None  # the source's is not validated either
        add = join(
            ["alter table", table, "add constraint", ident(constraint.name), raw(definition)]
        )
        validate = join(["alter table", table, "validate constraint", ident(constraint.name)])
        return [
            PlannedStatement(_text(add) + " NOT VALID"),
            *_in_transaction(comments(constraint)),
            _alone(_text(validate), _VALIDATE_LATER, AFTER),
        ]
    if constraint.type in ("primary key", "unique") and not on_partitioned:
        return _constraint_using_index(constraint, context)
    return None


def _constraint_using_index(
    constraint: Constraint, context: _Context
) -> list[PlannedStatement] | None:
    """A primary key or unique constraint made from a unique index built concurrently. On
    columns the table has before the plan, the index is built first, under a name of its own
    (the constraint's may still be taken by the one it replaces); ADD CONSTRAINT ... USING
    INDEX renames it to the constraint's."""
    from pglast import parse_sql

    statement: Any = parse_sql(f"alter table t add constraint c {constraint.definition}")[0].stmt
    node = statement.cmds[0].def_
    if node.without_overlaps or not node.keys:
        return None  # WITHOUT OVERLAPS: a GiST index, not what USING INDEX takes
    table = qualified(constraint.schema, constraint.table)
    name = ident(constraint.name)
    columns = [k.sval for k in (*node.keys, *(node.including or ()))]
    early = not any(
        (constraint.schema, constraint.table, c) in context.added_columns for c in columns
    )
    index = ident(helper_name(constraint.name, "pgshift")) if early else name
    parts: list[Statement | str] = [
        "create unique index concurrently",
        index,
        "on",
        table,
        parenthesized(join([ident(k.sval) for k in node.keys], ", ")),
    ]
    if node.including:
        parts += ["include", parenthesized(join([ident(k.sval) for k in node.including], ", "))]
    if node.nulls_not_distinct:
        parts.append("nulls not distinct")
    if node.options:
        from pglast.stream import RawStream

        options = [raw(RawStream()(option)) for option in node.options]
        parts += ["with", parenthesized(join(options, ", "))]
    if node.indexspace:
        parts += ["tablespace", ident(node.indexspace)]
    kind = "primary key" if constraint.type == "primary key" else "unique"
    attach: list[Statement | str] = [
        "alter table",
        table,
        "add constraint",
        name,
        kind,
        "using index",
        index,
    ]
    if node.deferrable:
        attach.append("deferrable initially deferred" if node.initdeferred else "deferrable")
    return [
        _alone(_text(join(parts)), _CONCURRENTLY, BEFORE if early else IN_PLACE),
        PlannedStatement(_text(join(attach))),
        *_in_transaction(comments(constraint)),
    ]


def _set_not_null(change: AlterColumn) -> list[PlannedStatement]:
    """The column's statements, `SET NOT NULL` made through a validated helper check."""
    from .rendering import statements

    table, column = change.table, change.column.name
    set_not_null = _text(join([alter_column(table, column), "set not null"]))
    name = ident(helper_name(f"{table.name}_{column}", "not_null_pgshift"))
    target = qualified(table.schema, table.name)
    check = parenthesized(join([ident(column), "is not null"]))
    result: list[PlannedStatement] = []
    for statement in statements(change):
        text = _text(statement)
        if text != set_not_null:
            result.append(PlannedStatement(text))
            continue
        add = join(["alter table", target, "add constraint", name, "check", check, "not valid"])
        validate = join(["alter table", target, "validate constraint", name])
        result += [
            PlannedStatement(_text(add), stage=BEFORE),
            _alone(_text(validate), _VALIDATE, BEFORE),
            PlannedStatement(text),
            PlannedStatement(_text(join(["alter table", target, "drop constraint", name]))),
        ]
    return result


def helper_name(base: str, suffix: str) -> str:
    """A helper object's name, `<base>_<suffix>`, shortened (with a hash of the whole) to fit
    PostgreSQL's 63 bytes: the NOT NULL helper check `<table>_<column>_not_null_pgshift`, a
    key's index built before `<constraint>_pgshift`."""
    name = f"{base}_{suffix}"
    if len(name.encode()) <= NAME_BYTES:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    tail = f"_{digest}_{suffix}"
    head = base.encode()[: NAME_BYTES - len(tail)].decode(errors="ignore")
    return head + tail


# --- lock and rewrite comments ----------------------------------------------------------------


def _creations(changes: Sequence[Change]) -> list[tuple[str, str] | None]:
    """The relation each change creates (a table or view), by position."""
    return [
        (c.obj.schema, c.obj.name)
        if isinstance(c, CreateObject) and isinstance(c.obj, (Table, View))
        else None
        for c in changes
    ]


def _annotate(
    planned: list[PlannedChange], *, created_by: list[tuple[str, str] | None]
) -> list[PlannedChange]:
    """Each statement with the notes of what it locks and rewrites among the relations the
    plan did not create (before that statement)."""
    from pglast import parse_sql

    from ..lint.checks import check_statements
    from ..lint.statements import Statement as LintStatement

    parsed: list[LintStatement] = []
    where: list[tuple[int, int]] = []  # (change, statement) of each parsed statement
    nodes: dict[tuple[int, int], Any] = {}
    for i, change in enumerate(planned):
        for j, statement in enumerate(change.statements):
            try:
                node = parse_sql(statement.sql)[0].stmt
            except Exception:  # noqa: BLE001 - a definition pglast cannot read: no notes
                continue
            nodes[i, j] = node
            if type(node).__name__ not in _LINTED:
                continue
            parsed.append(LintStatement(len(parsed), Path("plan"), 1, 1, 0, statement.sql, node))
            where.append((i, j))
    findings: dict[tuple[int, int], list[str]] = {}
    for found in check_statements(parsed, no_transaction=False):
        if found.rule in _LINT_RULES:
            findings.setdefault(where[found.statement], []).append(found.message)

    created: set[tuple[str, str]] = set()
    result = []
    for i, change in enumerate(planned):
        statements = []
        for j, statement in enumerate(change.statements):
            notes: list[str] = []
            if (i, j) in nodes:
                notes += _lock_notes(nodes[i, j], created, change.change)
            notes += findings.get((i, j), [])
            if isinstance(change.change, AlterColumn):
                notes += _type_notes(change.change, statement.sql)
            statements.append(dataclasses.replace(statement, notes=tuple(notes)))
        result.append(dataclasses.replace(change, statements=tuple(statements)))
        if created_by[i] is not None:
            created.add(created_by[i])  # type: ignore[arg-type]
    return result


Locks = list[tuple[tuple[str | None, str], str]]  # (relation, mode)


def _lock_notes(node: Any, created: set[tuple[str, str]], change: Change) -> list[str]:
    """`lock: ACCESS EXCLUSIVE on public.t (...)`, for the relations that existed before the
    plan, when the statement takes ACCESS EXCLUSIVE, or SHARE for an index build."""
    locks = _locks(node, change)
    strongest: dict[str, str] = {}  # relation as shown -> its strongest mode
    for (schema, name), mode in locks:
        if (schema, name) in created or (schema is None and any(n == name for _, n in created)):
            continue
        shown = display_name(schema, name) if schema else display_name(name)
        strongest[shown] = max(mode, strongest.get(shown, mode), key=_MODES.index)
    notes = []
    exclusive = [shown for shown, mode in strongest.items() if mode == _ACCESS_EXCLUSIVE]
    if exclusive:
        notes.append(
            f"lock: ACCESS EXCLUSIVE on {', '.join(exclusive)} until commit (blocks reads and "
            "writes)"
        )
    share = [shown for shown, mode in strongest.items() if mode == _SHARE]
    if share:
        notes.append(
            f"lock: SHARE on {', '.join(share)} until commit (blocks writes while the index is "
            "built: PostgreSQL builds no index CONCURRENTLY on a partitioned table)"
        )
    return notes


def _range_var(node: Any) -> tuple[str | None, str]:
    return (node.schemaname or None, node.relname)


def _names(parts: Any) -> tuple[str | None, str]:
    """A DROP's object name (a list of strings): (schema or None, name)."""
    names = [p.sval for p in parts]
    return (names[-2] if len(names) > 1 else None, names[-1])


def _locks(node: Any, change: Change) -> Locks:
    """The relations `node` locks, and how: the modes PostgreSQL takes (its
    AlterTableGetLockLevel and the other commands' own), from SHARE UPDATE EXCLUSIVE up."""
    from pglast.enums import ObjectType

    kind = type(node).__name__
    if kind == "AlterTableStmt":
        return _alter_table_locks(node)
    if kind == "DropStmt":
        if node.removeType in (
            ObjectType.OBJECT_TRIGGER,
            ObjectType.OBJECT_POLICY,
            ObjectType.OBJECT_RULE,
        ):
            # `drop trigger x on s.t`: the name list ends with the trigger's name.
            return [(_names(list(o)[:-1]), _ACCESS_EXCLUSIVE) for o in node.objects]
        if node.removeType == ObjectType.OBJECT_INDEX:
            if node.concurrent:
                return []
            if isinstance(change, DropObject) and isinstance(change.obj, Index):
                return [((change.obj.schema, change.obj.table), _ACCESS_EXCLUSIVE)]
        relations = (
            ObjectType.OBJECT_TABLE,
            ObjectType.OBJECT_VIEW,
            ObjectType.OBJECT_MATVIEW,
            ObjectType.OBJECT_INDEX,
            ObjectType.OBJECT_SEQUENCE,
            ObjectType.OBJECT_FOREIGN_TABLE,
        )
        if node.removeType in relations:
            return [(_names(o), _ACCESS_EXCLUSIVE) for o in node.objects]
        return []
    if kind == "CreatePolicyStmt":
        return [(_range_var(node.table), _ACCESS_EXCLUSIVE)]
    if kind == "RuleStmt":
        return [(_range_var(node.relation), _ACCESS_EXCLUSIVE)]
    if kind == "ViewStmt" and node.replace:
        return [(_range_var(node.view), _ACCESS_EXCLUSIVE)]
    if kind == "CreateStmt" and node.partbound is not None:
        return [(_range_var(parent), _ACCESS_EXCLUSIVE) for parent in node.inhRelations or ()]
    if kind == "IndexStmt" and not node.concurrent:
        return [(_range_var(node.relation), _SHARE)]
    return []


@functools.cache
def _weaker_subcommands() -> dict[Any, str]:
    """ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (PostgreSQL's
    AlterTableGetLockLevel), and the mode they take."""
    from pglast.enums import AlterTableType as At

    weaker = {
        subtype: _SHARE_UPDATE_EXCLUSIVE
        for subtype in (
            At.AT_ValidateConstraint,
            At.AT_SetStatistics,
            At.AT_SetOptions,
            At.AT_ResetOptions,
            At.AT_ClusterOn,
            At.AT_DropCluster,
            At.AT_SetRelOptions,
            At.AT_ResetRelOptions,
            At.AT_AttachPartition,  # on the parent; the partition gets ACCESS EXCLUSIVE
        )
    }
    triggers = ("AT_EnableTrig", "AT_DisableTrig", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig")
    for name in At.__members__:
        if name.startswith(triggers):
            weaker[At[name]] = _SHARE_ROW_EXCLUSIVE
    return weaker


def _alter_table_locks(node: Any) -> Locks:
    from pglast.enums import AlterTableType as At
    from pglast.enums import ConstrType

    table = _range_var(node.relation)
    locks: Locks = []
    for command in node.cmds or ():
        mode = _weaker_subcommands().get(command.subtype, _ACCESS_EXCLUSIVE)
        definition = command.def_
        if (
            command.subtype == At.AT_AddConstraint
            and definition.contype == ConstrType.CONSTR_FOREIGN
        ):
            mode = _SHARE_ROW_EXCLUSIVE  # on both tables
        if command.subtype in (At.AT_AttachPartition, At.AT_DetachPartition):
            if definition.concurrent:
                mode = _SHARE_UPDATE_EXCLUSIVE  # DETACH ... CONCURRENTLY
            else:
                locks.append((_range_var(definition.name), _ACCESS_EXCLUSIVE))
        locks.append((table, mode))
    return locks


# Conversions PostgreSQL makes without rewriting the table: (old, new) type patterns.
_VARLENGTH = re.compile(r"^(character varying|bit varying)(?:\((\d+)\))?$")
_NUMERIC = re.compile(r"^numeric(?:\((\d+),(\d+)\))?$")


def binary_coercible(old: str, new: str) -> bool:
    """Whether a column of type `old` (as `format_type` writes it) becomes `new` without a
    rewrite: the same type, a longer or unlimited `varchar`/`varbit`, `varchar` to `text`,
    `numeric` with more precision and the same scale (or none), `cidr` to `inet`."""
    if old == new or (old, new) == ("cidr", "inet"):
        return True
    if old.startswith("character varying") and new == "text":
        return True
    if new == "character varying" and old == "text":
        return True
    a, b = _VARLENGTH.match(old), _VARLENGTH.match(new)
    if a and b and a.group(1) == b.group(1):
        return b.group(2) is None or (a.group(2) is not None and int(b.group(2)) >= int(a.group(2)))
    n, m = _NUMERIC.match(old), _NUMERIC.match(new)
    if n and m:
        if m.group(1) is None:
            return True
        return (
            n.group(1) is not None
            and n.group(2) == m.group(2)
            and int(m.group(1)) >= int(n.group(1))
        )
    return False


def _type_notes(change: AlterColumn, text: str) -> list[str]:
    """`rewrites public.t: integer to bigint ...` on the statement changing a column's type."""
    new, old = change.column, change.old
    if not change.changes_type or not text.startswith(
        _text(join([alter_column(change.table, new.name), "type "]))
    ):
        return []
    table = display_name(change.table.schema, change.table.name)
    column = display_name(new.name)
    if change.via_text or change.type_recreated:
        why = "its values are converted through text"
    elif binary_coercible(old.type, new.type):
        return []
    else:
        why = f"{old.type} does not convert to {new.type} without change"
    return [f"rewrites {table} and its indexes ({column}: {why}) under that lock"]
