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

from ..inspect.model import Constraint, DomainType, Index, Model, ObjectKey, Table, View
from ..sqltext import display_name, ident, qualified
from ._create import index_statements
from ._sql import Statement, alter_column, comments, join, parenthesized, raw
from .changes import (
    AddColumn,
    AddEnumValue,
    AlterColumn,
    AlterDomain,
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
    own_transaction: bool = False  # in a transaction block of its own (in_transaction too)


@dataclass(frozen=True)
class PlannedChange:
    """A change and its statements in the online plan; `remark`: why it has none."""

    change: Change
    statements: tuple[PlannedStatement, ...]
    remark: str | None = None


def plan_online(changes: Sequence[Change], target: Model | None) -> list[PlannedChange]:
    """The online statements of `changes`, which must be in running order (`order_changes`).

    `target` is the model of the database the plan runs on: it tells which tables are
    partitioned (PostgreSQL builds no index concurrently on a partitioned table, and attaches
    no constraint to one `USING INDEX`), which constraints and partitions exist (the locks
    they bring), and the server's version. Raises ValueError without it.
    """
    from .rendering import statements

    if target is None:
        raise ValueError(
            "an online plan needs the target's model (render(..., online=True, target=model)):"
            " which tables are partitioned, which constraints exist, the server's version"
        )
    context = _Context(
        target=target,
        partitioned={(t.schema, t.name) for t in target.tables if t.partitioned},
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
        altered_columns={
            (c.table.schema, c.table.name, c.column.name)
            for c in changes
            if isinstance(c, AlterColumn)
        },
        plan_keys={c.key for c in changes},
        dropped={c.key for c in changes if isinstance(c, DropObject)},
        created_tables={r for r in _creations(changes) if r is not None},
        fk_needs={
            key
            for c in changes
            if isinstance(c, CreateObject)
            and isinstance(c.obj, Constraint)
            and c.obj.type == "foreign key"
            for key in c.obj.depends_on
        },
        helpers={
            (c.table.schema, c.table.name, _helper(c))
            for c in changes
            if isinstance(c, AlterColumn) and c.column.not_null and not c.old.not_null
        },
        plan_domains=[
            c.obj if isinstance(c, CreateObject) else c.domain
            for c in changes
            if (isinstance(c, CreateObject) and isinstance(c.obj, DomainType))
            or isinstance(c, AlterDomain)
        ],
    )
    created = context.created
    planned: list[PlannedChange] = []
    for change in changes:
        if (
            isinstance(change, DropObject)
            and isinstance(change.obj, Constraint)
            and (change.obj.schema, change.obj.table, change.obj.name) in context.helpers
        ):
            # A NOT NULL helper left by a plan stopped part way: its column's change below
            # validates it again and drops it.
            remark = "left by a plan stopped part way: used by the column's SET NOT NULL below"
            planned.append(PlannedChange(change, (), remark))
            continue
        steps = _online_steps(change, context)
        if steps is None:
            steps = [PlannedStatement(_text(s)) for s in statements(change)]
        planned.append(PlannedChange(change, tuple(steps)))
        if isinstance(change, CreateObject) and isinstance(change.obj, (Table, View)):
            created.add((change.obj.schema, change.obj.name))
    return _annotate(planned, context, created_by=_creations(changes))


def render_online(changes: Sequence[Change], target: Model | None, *, preamble: str) -> str:
    """The online script of `changes` (in running order); `preamble` comes after the header,
    before any transaction (session settings)."""
    planned = plan_online(changes, target)
    blocks: list[str] = [HEADER, preamble] if preamble else [HEADER]
    in_block = False
    groups = [
        (p.change, p.remark, [s for s in p.statements if s.stage == stage])
        for stage in (BEFORE, IN_PLACE, AFTER)
        for p in planned
        if any(s.stage == stage for s in p.statements) or (stage == IN_PLACE and not p.statements)
    ]
    for change, remark, group in groups:
        mark = "-- destructive: " if change.destructive else "-- "
        lines = [mark + change.describe()]
        if remark and not group:
            lines.append(f"-- {remark}")
        started = False  # whether `lines` holds a statement yet
        for statement in group:
            if statement.own_transaction and in_block:
                if started:
                    blocks.append("\n".join(lines) + "\n")
                    lines = []
                blocks.append("commit;\n")
                in_block = False
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
            if statement.own_transaction:
                blocks.append("\n".join(lines) + "\n")
                blocks.append("commit;\n")
                lines, in_block, started = [], False, False
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

    target: Model
    partitioned: set[tuple[str, str]]  # tables of the target
    added_columns: set[tuple[str, str, str]]  # (schema, table, column) the plan adds
    marked_indexes: set[tuple[str, str, str]]  # named by REPLICA IDENTITY or CLUSTER ON
    detached: set[tuple[str, str]]  # partitions the plan detaches first
    altered_columns: set[tuple[str, str, str]] = dataclasses.field(default_factory=set)
    plan_keys: set[ObjectKey] = dataclasses.field(default_factory=set)  # of every change
    dropped: set[ObjectKey] = dataclasses.field(default_factory=set)
    created_tables: set[tuple[str, str]] = dataclasses.field(default_factory=set)  # by the plan
    fk_needs: set[ObjectKey] = dataclasses.field(default_factory=set)  # what new FKs need
    helpers: set[tuple[str, str, str]] = dataclasses.field(default_factory=set)  # NOT NULL
    plan_domains: list[DomainType] = dataclasses.field(default_factory=list)  # made or altered
    created: set[tuple[str, str]] = dataclasses.field(default_factory=set)  # so far

    @property
    def version(self) -> int:
        return self.target.server_version_num

    @functools.cached_property
    def constraints(self) -> dict[tuple[str, str, str], Constraint]:
        return {(c.schema, c.table, c.name): c for c in self.target.constraints}

    @functools.cached_property
    def tables(self) -> dict[tuple[str, str], Table]:
        return {(t.schema, t.name): t for t in self.target.tables}

    @functools.cached_property
    def domains(self) -> dict[str, DomainType]:
        """Domains by their name as a column's type shows it (the plan's over the target's)."""
        return {
            name: d
            for d in (*self.target.domains, *self.plan_domains)
            for name in (display_name(d.schema, d.name), f"{d.schema}.{d.name}")
        }

    def default_partition(self, parent: tuple[str | None, str]) -> tuple[str, str] | None:
        """The target's default partition of `parent`, if it has one."""
        for table in self.target.tables:
            if (
                table.partition_of
                and table.partition_bound == "DEFAULT"
                and _matches(_relation(table.partition_of), parent)
            ):
                return (table.schema, table.name)
        return None

    def foreign_keys(self) -> Iterable[tuple[Constraint, Any]]:
        """The target's foreign keys, each with its parsed definition."""
        for constraint in self.target.constraints:
            if constraint.type == "foreign key":
                node = _constraint_node(constraint.definition)
                if node is not None:
                    yield constraint, node


def _matches(name: tuple[str | None, str], other: tuple[str | None, str]) -> bool:
    return name[1] == other[1] and (name[0] is None or other[0] is None or name[0] == other[0])


@functools.cache
def _relation(text: str) -> tuple[str | None, str]:
    """A relation's name as the catalog writes it (`public.t`, `"My T"`): (schema, name)."""
    from pglast import parse_sql

    node: Any = parse_sql(f"select from {text}")[0].stmt
    return _range_var(node.fromClause[0])


@functools.cache
def _constraint_node(definition: str) -> Any:
    """A table constraint's definition parsed (pglast's Constraint node), or None."""
    from pglast import parse_sql

    try:
        node: Any = parse_sql(f"alter table t add constraint c {definition}")[0].stmt
    except Exception:  # noqa: BLE001 - a definition pglast cannot read
        return None
    return node.cmds[0].def_


def _column_names(node: Any) -> set[str]:
    """Every column a parsed expression, constraint or index names (ColumnRef, IndexElem)."""
    from pglast import ast
    from pglast.visitors import Visitor

    found: set[str] = set()

    class _Columns(Visitor):
        def visit_ColumnRef(self, ancestors: Any, ref: Any) -> None:  # noqa: N802
            last = ref.fields[-1]
            if isinstance(last, ast.String) and last.sval:
                found.add(last.sval)

        def visit_IndexElem(self, ancestors: Any, elem: Any) -> None:  # noqa: N802
            if elem.name:
                found.add(elem.name)

    _Columns()(node)
    for attr in ("keys", "including", "fk_attrs"):
        found.update(k.sval for k in getattr(node, attr, None) or ())
    return found


def _online_steps(change: Change, context: _Context) -> list[PlannedStatement] | None:
    """The online statements of `change`, or None when they are its usual ones."""
    from .rendering import statements

    partitioned = context.partitioned
    if isinstance(change, CreateObject) and not isinstance(change.obj, (Table, View)):
        obj = change.obj
        if isinstance(obj, (Index, Constraint)) and (obj.schema, obj.table) not in context.created:
            if isinstance(obj, Index):
                return _create_index(obj, context)
            return _add_constraint(obj, context)
        return None
    if isinstance(change, DropObject) and isinstance(change.obj, Index):
        # What a partition had from its parent can be dropped only once it is detached; what a
        # foreign key of the target needs, only once the plan has dropped that key (in place).
        index = change.obj
        late = (index.schema, index.table) in context.detached or any(
            index.key in c.depends_on for c in context.target.constraints
        )
        return _drop_index(index, partitioned, stage=IN_PLACE if late else BEFORE)
    if isinstance(change, AlterColumn) and change.column.not_null and not change.old.not_null:
        return _set_not_null(change, context)
    if isinstance(change, AddEnumValue):
        # A value ADD VALUE adds cannot be used before it commits: never in a transaction
        # with what uses it (a default, a CHECK).
        return [_alone(_text(s), _ENUM_VALUE) for s in statements(change)]
    if isinstance(change, AlterDomain):
        return _alter_domain(change, context)
    return None


_ENUM_VALUE = "on its own: a value ALTER TYPE ... ADD VALUE adds cannot be used until that commits"


def _in_transaction(
    statements: Iterable[Statement], stage: int = IN_PLACE
) -> list[PlannedStatement]:
    return [PlannedStatement(_text(s), stage=stage) for s in statements]


def _alone(text: str, why: str, stage: int = IN_PLACE) -> PlannedStatement:
    return PlannedStatement(text, in_transaction=False, alone=why, stage=stage)


def _create_index(index: Index, context: _Context) -> list[PlannedStatement] | None:
    """`CREATE INDEX CONCURRENTLY`: the server's definition with the word added (it always
    starts `CREATE [UNIQUE] INDEX `), after the other changes; before them when a new foreign
    key needs it and its columns exist (in place when it replaces one or needs a new column),
    in place when REPLICA IDENTITY or CLUSTER ON names it. On a partitioned table (written `ON
    ONLY` by the server), for which PostgreSQL refuses CONCURRENTLY: the usual build, in a
    transaction of its own after the others (its SHARE lock then blocks writes only) unless the
    plan needs it in place."""
    needed = (index.schema, index.table, index.name) in context.marked_indexes
    if index.key in context.fk_needs:
        needed = True
        if index.key not in context.dropped and _existing_columns(index, context):
            stage = BEFORE
        else:
            stage = IN_PLACE
    else:
        stage = IN_PLACE if needed else AFTER
    if (
        " ON ONLY " in index.definition
        or (index.schema, index.table) in context.partitioned
        or not _INDEX_START.match(index.definition)
    ):
        if needed:
            return None
        return [
            PlannedStatement(_text(s), stage=AFTER, own_transaction=True)
            for s in index_statements(index)
        ] + _in_transaction(comments(index), AFTER)
    # Its tablespace (SET default_tablespace before, RESET after) and column statistics
    # targets come in short transactions of their own around it.
    return [
        _alone(text, _CONCURRENTLY, stage)
        if (text := _text(statement)).startswith("CREATE")
        else _in_transaction([statement], stage)[0]
        for statement in index_statements(index, concurrently=True)
    ] + _in_transaction(comments(index), stage)


def _existing_columns(index: Index, context: _Context) -> bool:
    """Whether an index is on plain columns the table has before the plan, which the plan does
    not change."""
    from pglast import parse_sql

    try:
        node: Any = parse_sql(index.definition)[0].stmt
    except Exception:  # noqa: BLE001 - a definition pglast cannot read
        return False
    if any(p.name is None for p in node.indexParams) or node.whereClause is not None:
        return False
    columns = {(index.schema, index.table, c) for c in _column_names(node)}
    return not columns & (context.added_columns | context.altered_columns)


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
    if " NOT ENFORCED" in definition:
        return None  # PostgreSQL 18's: never validated, nothing to scan
    if constraint.type == "check" or (
        constraint.type == "foreign key" and (not on_partitioned or context.version >= 180000)
    ):
        # A foreign key NOT VALID on a partitioned table is PostgreSQL 18's.
        if definition.endswith(" NOT VALID"):
            return None  # the source's is not validated either
        add = join(
            ["alter table", table, "add constraint", ident(constraint.name), raw(definition)]
        )
        validate = join(["alter table", table, "validate constraint", ident(constraint.name)])
        if _early(constraint, context):
            # On what exists and the plan leaves alone: added and validated before the other
            # changes, so that rows that break it stop the plan before anything has changed.
            return [
                PlannedStatement(_text(add) + " NOT VALID", stage=BEFORE),
                *_in_transaction(comments(constraint), BEFORE),
                _alone(_text(validate), _VALIDATE, BEFORE),
            ]
        return [
            PlannedStatement(_text(add) + " NOT VALID"),
            *_in_transaction(comments(constraint)),
            _alone(_text(validate), _VALIDATE_LATER, AFTER),
        ]
    if constraint.type in ("primary key", "unique") and not on_partitioned:
        return _constraint_using_index(constraint, context)
    return None


def _early(constraint: Constraint, context: _Context) -> bool:
    """Whether a new CHECK or foreign key can be added (and validated) before the plan's other
    changes: on a table and columns the target has and the plan does not change, needing
    nothing (a referenced key, a type, a function) the plan makes or changes, and not taking
    the name of one the plan drops."""
    if constraint.key in context.dropped:
        return False
    node = _constraint_node(constraint.definition)
    if node is None:
        return False
    columns = {(constraint.schema, constraint.table, c) for c in _column_names(node)}
    if columns & (context.added_columns | context.altered_columns):
        return False
    for key in constraint.depends_on:
        if key.kind == "table":
            if (key.schema, key.name) not in context.tables or (
                key.schema,
                key.name,
            ) in context.created_tables:
                return False
        elif key in context.plan_keys:
            return False
    return (constraint.schema, constraint.table) in context.tables


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


def _helper(change: AlterColumn) -> str:
    return helper_name(f"{change.table.name}_{change.column.name}", "not_null_pgshift")


def _set_not_null(change: AlterColumn, context: _Context) -> list[PlannedStatement]:
    """The column's statements, `SET NOT NULL` made through a validated helper check. A helper
    a plan stopped part way left is validated and used; the plan adds its own in a statement
    that first drops any (so that the plan can run again after it stopped)."""
    from .rendering import statements

    table, column = change.table, change.column.name
    set_not_null = _text(join([alter_column(table, column), "set not null"]))
    helper = _helper(change)
    name = ident(helper)
    target = qualified(table.schema, table.name)
    check = parenthesized(join([ident(column), "is not null"]))
    left = (table.schema, table.name, helper) in context.constraints
    result: list[PlannedStatement] = []
    for statement in statements(change):
        text = _text(statement)
        if text != set_not_null:
            result.append(PlannedStatement(text))
            continue
        add = join(
            [
                join(["alter table", target, "drop constraint if exists", name]),
                join(["add constraint", name, "check", check, "not valid"]),
            ],
            ", ",
        )
        validate = join(["alter table", target, "validate constraint", name])
        if not left:
            result.append(PlannedStatement(_text(add), stage=BEFORE))
        result += [
            _alone(_text(validate), _VALIDATE if not left else _VALIDATE_LEFT, BEFORE),
            PlannedStatement(text),
            PlannedStatement(_text(join(["alter table", target, "drop constraint", name]))),
        ]
    return result


_VALIDATE_LEFT = (
    "on its own: the helper check a plan stopped part way left (nothing to do if it was "
    "validated); the validation scans the table under SHARE UPDATE EXCLUSIVE, which blocks "
    "neither reads nor writes"
)


def _alter_domain(change: AlterDomain, context: _Context) -> list[PlannedStatement] | None:
    """A domain's new CHECK constraints added NOT VALID, then validated on their own after the
    other changes (the scan of the tables using the domain holds SHARE on them: it blocks
    writes, not reads)."""
    from .rendering import statements

    domain = qualified(change.domain.schema, change.domain.name)
    added = {
        _text(join([domain, "add constraint", ident(c.name), raw(c.definition)])): c
        for c in change.domain.constraints
        if c not in change.old.constraints and not c.definition.endswith(" NOT VALID")
    }
    result: list[PlannedStatement] = []
    later: list[PlannedStatement] = []
    users = _domain_users(change.domain, context)
    for statement in statements(change):
        text = _text(statement)
        constraint = added.get(text.removeprefix("alter domain "))
        if constraint is None:
            notes = [_domain_scan(users)] if users and text.endswith(" set not null") else []
            result.append(PlannedStatement(text, notes=tuple(notes)))
            continue
        result.append(PlannedStatement(text + " NOT VALID"))
        validate = join(["alter domain", domain, "validate constraint", ident(constraint.name)])
        later.append(
            PlannedStatement(
                _text(validate),
                in_transaction=False,
                alone=_VALIDATE_DOMAIN,
                stage=AFTER,
                notes=(_domain_scan(users),) if users else (),
            )
        )
    return result + later


_VALIDATE_DOMAIN = "on its own, once the ADD has committed"


def _domain_users(domain: DomainType, context: _Context) -> list[str]:
    """The target's tables with a column of `domain`'s type, as shown."""
    names = {display_name(domain.schema, domain.name), f"{domain.schema}.{domain.name}"}
    return [
        display_name(t.schema, t.name)
        for t in context.target.tables
        if any(c.type in names or c.type.removesuffix("[]") in names for c in t.columns)
    ]


def _domain_scan(users: list[str]) -> str:
    return (
        f"lock: SHARE on {', '.join(users)} while the tables using the domain are scanned "
        "(blocks writes, not reads)"
    )


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
    planned: list[PlannedChange], context: _Context, *, created_by: list[tuple[str, str] | None]
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

    # What each statement locks (relations the plan did not create before it), then what its
    # transaction already holds ACCESS EXCLUSIVE when it runs (in the plan's running order).
    created: set[tuple[str, str]] = set()
    locks: dict[tuple[int, int], dict[str, str]] = {}
    for i, change in enumerate(planned):
        for j in range(len(change.statements)):
            if (i, j) in nodes:
                found_locks = _locks(nodes[i, j], change.change, context)
                locks[i, j] = _strongest(found_locks, created)
        if created_by[i] is not None:
            created.add(created_by[i])  # type: ignore[arg-type]
    held_before: dict[tuple[int, int], set[str]] = {}
    held: set[str] = set()
    for stage in (BEFORE, IN_PLACE, AFTER):
        for i, change in enumerate(planned):
            for j, statement in enumerate(change.statements):
                if statement.stage != stage:
                    continue
                if not statement.in_transaction or statement.own_transaction:
                    held = set()
                held_before[i, j] = set(held)
                if statement.in_transaction and not statement.own_transaction:
                    held |= {n for n, m in locks.get((i, j), {}).items() if m == _ACCESS_EXCLUSIVE}

    result = []
    for i, change in enumerate(planned):
        statements = []
        for j, statement in enumerate(change.statements):
            notes = list(statement.notes)
            notes += _lock_notes(locks.get((i, j), {}), held_before.get((i, j), set()))
            if (i, j) in nodes:
                notes += _scan_notes(nodes[i, j], context)
            notes += findings.get((i, j), [])
            if isinstance(change.change, AlterColumn):
                notes += _type_notes(change.change, statement.sql, context)
            if isinstance(change.change, AddColumn):
                notes += _domain_rewrite_notes(change.change, statement.sql, context)
            statements.append(dataclasses.replace(statement, notes=tuple(notes)))
        result.append(dataclasses.replace(change, statements=tuple(statements)))
    return result


Locks = list[tuple[tuple[str | None, str], str]]  # (relation, mode)


def _strongest(locks: Locks, created: set[tuple[str, str]]) -> dict[str, str]:
    """Relation as shown -> its strongest mode, for the relations that existed before the
    plan."""
    strongest: dict[str, str] = {}
    for (schema, name), mode in locks:
        if (schema, name) in created or (schema is None and any(n == name for _, n in created)):
            continue
        shown = display_name(schema, name) if schema else display_name(name)
        strongest[shown] = max(mode, strongest.get(shown, mode), key=_MODES.index)
    return strongest


def _lock_notes(strongest: dict[str, str], held: set[str]) -> list[str]:
    """`lock: ACCESS EXCLUSIVE on public.t (...)`, when the statement takes ACCESS EXCLUSIVE,
    or SHARE for an index build (then said to block reads too when its transaction already
    holds ACCESS EXCLUSIVE on the table)."""
    notes = []
    exclusive = [shown for shown, mode in strongest.items() if mode == _ACCESS_EXCLUSIVE]
    if exclusive:
        notes.append(
            f"lock: ACCESS EXCLUSIVE on {', '.join(exclusive)} until commit (blocks reads and "
            "writes)"
        )
    share = [shown for shown, mode in strongest.items() if mode == _SHARE and shown not in held]
    if share:
        notes.append(
            f"lock: SHARE on {', '.join(share)} until commit (blocks writes while the index is "
            "built: PostgreSQL builds no index CONCURRENTLY on a partitioned table)"
        )
    blocked = [shown for shown, mode in strongest.items() if mode == _SHARE and shown in held]
    if blocked:
        notes.append(
            f"lock: this transaction already holds ACCESS EXCLUSIVE on {', '.join(blocked)}: "
            "reads and writes are blocked while the index is built (PostgreSQL builds no index "
            "CONCURRENTLY on a partitioned table)"
        )
    return notes


def _scan_notes(node: Any, context: _Context) -> list[str]:
    """What a new or attached partition makes PostgreSQL scan under ACCESS EXCLUSIVE: the
    default partition (for rows that now belong to the new one), the attached table (for rows
    outside its bound, unless a CHECK constraint proves there are none)."""
    from pglast.enums import AlterTableType as At

    kind = type(node).__name__
    notes = []
    if kind == "CreateStmt" and node.partbound is not None and not node.partbound.is_default:
        for parent in node.inhRelations or ():
            default = context.default_partition(_range_var(parent))
            if default:
                notes.append(
                    f"scans {display_name(*default)} (the default partition) for rows of the "
                    "new partition under that lock"
                )
    if kind == "AlterTableStmt":
        for command in node.cmds or ():
            if command.subtype != At.AT_AttachPartition or command.def_.concurrent:
                continue
            partition = _range_var(command.def_.name)
            shown = display_name(*[p for p in partition if p])
            notes.append(
                f"scans {shown} for rows outside its bound (unless a CHECK constraint proves "
                "none) under that lock"
            )
            default = context.default_partition(_range_var(node.relation))
            if default and not command.def_.bound.is_default:
                notes.append(
                    f"scans {display_name(*default)} (the default partition) for rows of the "
                    "new partition under that lock"
                )
    return notes


def _range_var(node: Any) -> tuple[str | None, str]:
    return (node.schemaname or None, node.relname)


def _names(parts: Any) -> tuple[str | None, str]:
    """A DROP's object name (a list of strings): (schema or None, name)."""
    names = [p.sval for p in parts]
    return (names[-2] if len(names) > 1 else None, names[-1])


def _locks(node: Any, change: Change, context: _Context) -> Locks:
    """The relations `node` locks, and how: the modes PostgreSQL takes (its
    AlterTableGetLockLevel and the other commands' own), from SHARE UPDATE EXCLUSIVE up,
    including those of other tables: a foreign key's referenced table when the key is dropped
    (its triggers there) or its column changes type, a partition's parent and the default
    partition."""
    from pglast.enums import ObjectType

    kind = type(node).__name__
    if kind == "AlterTableStmt":
        return _alter_table_locks(node, context)
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
            locks: Locks = []
            for o in node.objects:
                name = _names(o)
                locks.append((name, _ACCESS_EXCLUSIVE))
                if node.removeType == ObjectType.OBJECT_TABLE:
                    locks += _dropped_table_locks(name, context)
            return locks
        return []
    if kind == "CreatePolicyStmt":
        return [(_range_var(node.table), _ACCESS_EXCLUSIVE)]
    if kind == "RuleStmt":
        return [(_range_var(node.relation), _ACCESS_EXCLUSIVE)]
    if kind == "ViewStmt" and node.replace:
        return [(_range_var(node.view), _ACCESS_EXCLUSIVE)]
    if kind == "CreateStmt" and node.partbound is not None:
        locks = []
        for parent in node.inhRelations or ():
            locks.append((_range_var(parent), _ACCESS_EXCLUSIVE))
            default = context.default_partition(_range_var(parent))
            if default and not node.partbound.is_default:
                locks.append((default, _ACCESS_EXCLUSIVE))
        return locks
    if kind == "IndexStmt" and not node.concurrent:
        return [(_range_var(node.relation), _SHARE)]
    return []


def _dropped_table_locks(name: tuple[str | None, str], context: _Context) -> Locks:
    """What dropping a table of the target locks besides it: the tables its foreign keys
    reference (their triggers go), a partition's parent and the default partition."""
    locks: Locks = []
    table = next(
        (t for key, t in context.tables.items() if _matches(name, key)),
        None,
    )
    if table is None:
        return locks
    if table.partition_of:
        parent = _relation(table.partition_of)
        locks.append((parent, _ACCESS_EXCLUSIVE))
        default = context.default_partition(parent)
        if default and default != (table.schema, table.name):
            locks.append((default, _ACCESS_EXCLUSIVE))
    for constraint, fk in context.foreign_keys():
        if (constraint.schema, constraint.table) == (table.schema, table.name):
            locks.append((_range_var(fk.pktable), _ACCESS_EXCLUSIVE))
    return locks


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
            At.AT_AttachPartition,  # on the parent; the partition gets ACCESS EXCLUSIVE
        )
    }
    triggers = ("AT_EnableTrig", "AT_DisableTrig", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig")
    for name in At.__members__:
        if name.startswith(triggers):
            weaker[At[name]] = _SHARE_ROW_EXCLUSIVE
    return weaker


# Relation options (SET/RESET (...)) that take ACCESS EXCLUSIVE, PostgreSQL's
# AlterTableGetRelOptionsLockLevel over the lock each option declares (reloptions.c); the
# others it knows take SHARE UPDATE EXCLUSIVE (autovacuum_*, fillfactor, parallel_workers,
# toast_tuple_target, vacuum_*, log_autovacuum_min_duration, deduplicate_items, ...).
_EXCLUSIVE_OPTIONS = frozenset(
    {
        "user_catalog_table",
        "security_barrier",
        "security_invoker",
        "check_option",
        "autosummarize",
        "fastupdate",
        "pages_per_range",
        "gin_pending_list_limit",
        "buffering",
    }
)
_WEAKER_OPTIONS = frozenset(
    {
        "autovacuum_enabled",
        "vacuum_truncate",
        "deduplicate_items",
        "fillfactor",
        "toast_tuple_target",
        "parallel_workers",
        "log_autovacuum_min_duration",
        "vacuum_index_cleanup",
        "vacuum_max_eager_freeze_failure_rate",
        "vacuum_cleanup_index_scale_factor",
    }
)


def _options_mode(options: Any) -> str:
    """The lock SET/RESET of these relation options takes; ACCESS EXCLUSIVE for any option not
    known to take less."""
    for option in options or ():
        name = option.defname
        if name in _EXCLUSIVE_OPTIONS or not (
            name in _WEAKER_OPTIONS or name.startswith("autovacuum_")
        ):
            return _ACCESS_EXCLUSIVE
    return _SHARE_UPDATE_EXCLUSIVE


def _alter_table_locks(node: Any, context: _Context) -> Locks:
    from pglast.enums import AlterTableType as At
    from pglast.enums import ConstrType

    table = _range_var(node.relation)
    locks: Locks = []
    for command in node.cmds or ():
        mode = _weaker_subcommands().get(command.subtype, _ACCESS_EXCLUSIVE)
        definition = command.def_
        if command.subtype in (At.AT_SetRelOptions, At.AT_ResetRelOptions):
            mode = _options_mode(definition)
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
            if command.subtype == At.AT_AttachPartition and not definition.bound.is_default:
                default = context.default_partition(table)
                if default:
                    locks.append((default, _ACCESS_EXCLUSIVE))
        if command.subtype == At.AT_DropConstraint:
            # A foreign key's triggers on the table it references go with it.
            for constraint, fk in context.foreign_keys():
                if constraint.name == command.name and _matches(
                    table, (constraint.schema, constraint.table)
                ):
                    locks.append((_range_var(fk.pktable), _ACCESS_EXCLUSIVE))
        if command.subtype == At.AT_AlterColumnType:
            # The foreign keys on the column are made again: both of their tables locked.
            for constraint, fk in context.foreign_keys():
                mine = _matches(table, (constraint.schema, constraint.table))
                if mine and command.name in {a.sval for a in fk.fk_attrs or ()}:
                    locks.append((_range_var(fk.pktable), _ACCESS_EXCLUSIVE))
                if _matches(table, _range_var(fk.pktable)) and command.name in {
                    a.sval for a in fk.pk_attrs or ()
                }:
                    locks.append(((constraint.schema, constraint.table), _ACCESS_EXCLUSIVE))
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


def _type_notes(change: AlterColumn, text: str, context: _Context) -> list[str]:
    """`rewrites public.t: integer to bigint ...` on the statement changing a column's type;
    when the table is not rewritten, the indexes on the column that are built again (those of
    a column whose collation changes)."""
    new, old = change.column, change.old
    if not change.changes_type or not text.startswith(
        _text(join([alter_column(change.table, new.name), "type "]))
    ):
        return []
    table = display_name(change.table.schema, change.table.name)
    column = display_name(new.name)
    if change.via_text:
        why = "its values are converted through text"
    elif change.type_recreated:
        why = f"{new.type} is made again"
    elif binary_coercible(old.type, new.type):
        if new.collation == old.collation:
            return []
        indexes = _indexes_on(change.table.schema, change.table.name, new.name, context)
        if not indexes:
            return []
        return [
            f"builds again {', '.join(indexes)} ({column}: its collation changes) under that lock"
        ]
    else:
        why = f"{old.type} does not convert to {new.type} without change"
    return [f"rewrites {table} and its indexes ({column}: {why}) under that lock"]


def _indexes_on(schema: str, table: str, column: str, context: _Context) -> list[str]:
    """The target's indexes (and keys' indexes) on a column, as shown."""
    from pglast import parse_sql

    found = []
    for index in context.target.indexes:
        if (index.schema, index.table) != (schema, table):
            continue
        try:
            node = parse_sql(index.definition)[0].stmt
        except Exception:  # noqa: BLE001 - a definition pglast cannot read
            continue
        if column in _column_names(node):
            found.append(display_name(schema, index.name))
    for key in context.target.constraints:
        if (key.schema, key.table) != (schema, table) or key.type not in (
            "primary key",
            "unique",
            "exclusion",
        ):
            continue
        node = _constraint_node(key.definition)
        if node is not None and column in _column_names(node):
            found.append(display_name(schema, key.name))
    return found


def _domain_rewrite_notes(change: AddColumn, text: str, context: _Context) -> list[str]:
    """A new column of a domain with constraints (CHECK, NOT NULL): PostgreSQL checks them on
    every existing row by rewriting the table, with or without a default."""
    if not text.startswith(
        _text(join(["alter table", qualified(change.table.schema, change.table.name)]))
    ):
        return []
    domain = context.domains.get(change.column.type)
    if domain is None or not (domain.constraints or domain.not_null):
        return []
    table = display_name(change.table.schema, change.table.name)
    return [
        f"rewrites {table} and its indexes ({display_name(change.column.name)}: of domain "
        f"{display_name(domain.schema, domain.name)}, whose constraints are checked on every "
        "existing row) under that lock"
    ]
