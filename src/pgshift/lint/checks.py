"""The static half of the linter: one check per rule over a migration's parse trees (pure).

Each check says what a statement would do to an existing table, as far as the text tells, and
what a measurement must show for the finding to stand (`Confirm`): a lock on an existing
relation, a scan of it, or a rewrite. judging.py weighs that against what the shadow database
measured. Objects created earlier in the same migration are nobody else's yet: statements on
them are not findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pglast.enums import AlterTableType, ConstrType, ObjectType

from ..sqltext import display_name
from .model import LOCK_MODES, RULES, Severity
from .statements import Statement

Name = tuple[str | None, str]  # (schema as written or None, name)


class Confirm(Enum):
    """What the measurement must show on the target for a finding to stand."""

    NOTHING = "nothing"  # the text alone decides (a statement that fails, an explicit lock)
    EXISTING = "existing"  # the target existed before the migration (any lock on it)
    SCAN = "scan"  # the statement read the whole target
    REWRITE = "rewrite"  # the statement rewrote the target
    REWRITE_OR_SCAN = "rewrite-or-scan"


@dataclass(frozen=True)
class Candidate:
    """A finding the text suggests; judging.py keeps it, drops it or changes its severity."""

    statement: int
    rule: str
    message: str  # what and why; the rule's recipe is added when judged
    target: Name | None
    confirm: Confirm
    unmeasured_severity: Severity | None = None  # when nothing ran (None: the rule's own)


@dataclass
class Context:
    """What the migration did before the statement being checked."""

    no_transaction: bool
    created: set[Name] = field(default_factory=set)
    not_valid: set[str] = field(default_factory=set)  # constraint names added NOT VALID
    new_columns: set[tuple[Name, str]] = field(default_factory=set)  # added to existing tables

    def is_new(self, name: Name) -> bool:
        return any(same_relation(name, created) for created in self.created)

    def is_new_column(self, table: Name, column: str) -> bool:
        """A column this migration added: no running code reads it yet."""
        return any(same_relation(table, t) and column == c for t, c in self.new_columns)


def same_relation(a: Name, b: Name) -> bool:
    """Whether two names may be one relation (a name written without its schema matches it
    in any schema: the search path decides, and the measurement knows)."""
    return a[1] == b[1] and (a[0] is None or b[0] is None or a[0] == b[0])


# Functions whose value differs per row: a default calling one is computed for every existing
# row. (now(), current_timestamp and the like are stable: one value, no rewrite.)
VOLATILE_FUNCTIONS = frozenset(
    {
        "random",
        "random_normal",
        "gen_random_uuid",
        "uuidv4",
        "uuidv7",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "clock_timestamp",
        "timeofday",
        "nextval",
    }
)
# Functions a default commonly calls that are stable or immutable: one value for every row.
NON_VOLATILE_FUNCTIONS = frozenset(
    {
        "now",
        "statement_timestamp",
        "transaction_timestamp",
        "current_setting",
        "current_database",
        "current_schema",
        "lower",
        "upper",
        "coalesce",
        "to_jsonb",
        "jsonb_build_object",
        "json_build_object",
        "jsonb_build_array",
        "array_fill",
        "make_interval",
        "make_date",
        "to_timestamp",
        "date_trunc",
    }
)
SERIAL_TYPES = frozenset({"serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"})


def check_statements(statements: list[Statement], *, no_transaction: bool) -> list[Candidate]:
    """Every candidate finding of a migration's statements, in order."""
    context = Context(no_transaction)
    found: list[Candidate] = []
    for statement in statements:
        check = _CHECKS.get(statement.kind)
        if check is not None:
            found += check(statement, context)
        _remember(statement, context)
    return found


def relation_name(range_var: Any) -> Name:
    return (range_var.schemaname or None, range_var.relname)


def shown(name: Name) -> str:
    schema, relation = name
    return display_name(schema, relation) if schema else display_name(relation)


def _candidate(
    statement: Statement,
    rule: str,
    message: str,
    target: Name | None,
    confirm: Confirm,
    unmeasured_severity: Severity | None = None,
) -> Candidate:
    assert rule in RULES, rule
    return Candidate(statement.index, rule, message, target, confirm, unmeasured_severity)


# --- CREATE / DROP / REINDEX INDEX ------------------------------------------------------------


def _create_index(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    table = relation_name(node.relation)
    if node.concurrent:
        return _needs_no_transaction(statement, context, "CREATE INDEX CONCURRENTLY")
    if context.is_new(table):
        return []
    return [
        _candidate(
            statement,
            "create-index",
            f"CREATE INDEX on {shown(table)} without CONCURRENTLY: its SHARE lock blocks every "
            "INSERT, UPDATE and DELETE on the table until the index is built",
            table,
            Confirm.EXISTING,
        )
    ]


def _needs_no_transaction(statement: Statement, context: Context, what: str) -> list[Candidate]:
    if context.no_transaction:
        return []
    return [
        _candidate(
            statement,
            "no-transaction-required",
            f"{what} cannot run inside a transaction block, and this migration runs in one: "
            "it fails",
            None,
            Confirm.NOTHING,
        )
    ]


def _reindex(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    if _has_option(node.params, "concurrently"):
        return _needs_no_transaction(statement, context, "REINDEX CONCURRENTLY")
    target = relation_name(node.relation) if node.relation is not None else None
    if target is not None and context.is_new(target):
        return []
    what = shown(target) if target else (node.name or "the database")
    return [
        _candidate(
            statement,
            "reindex",
            f"REINDEX of {what} without CONCURRENTLY: writes to the table are blocked, and "
            "every query that would use a rebuilt index waits for it (ACCESS EXCLUSIVE on the "
            "index)",
            target,
            Confirm.EXISTING if target else Confirm.NOTHING,
        )
    ]


# --- DROP, RENAME -----------------------------------------------------------------------------

_TABLE_LIKE = {
    ObjectType.OBJECT_TABLE: "table",
    ObjectType.OBJECT_VIEW: "view",
    ObjectType.OBJECT_MATVIEW: "materialized view",
    ObjectType.OBJECT_FOREIGN_TABLE: "foreign table",
}


def _drop(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    names = [_object_name(o) for o in node.objects or ()]
    if node.removeType == ObjectType.OBJECT_INDEX:
        if node.concurrent:
            return _needs_no_transaction(statement, context, "DROP INDEX CONCURRENTLY")
        return [
            _candidate(
                statement,
                "drop-index",
                f"DROP INDEX {shown(name)} without CONCURRENTLY: it waits for, and then blocks, "
                "every query on the index's table (ACCESS EXCLUSIVE on the table)",
                name,
                Confirm.EXISTING,
            )
            for name in names
            if not context.is_new(name)
        ]
    kind = _TABLE_LIKE.get(node.removeType)
    if kind is None:
        return []
    return [
        _candidate(
            statement,
            "drop-table",
            f"DROP {kind.upper()} {shown(name)}: the running application fails on every query "
            f"that still uses the {kind}",
            name,
            Confirm.EXISTING,
        )
        for name in names
        if not context.is_new(name)
    ]


def _object_name(node: Any) -> Name:
    parts = [p.sval for p in node]
    return (parts[-2] if len(parts) > 1 else None, parts[-1])


def _rename(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    if node.relation is None:
        return []
    table = relation_name(node.relation)
    if context.is_new(table):
        return []
    if node.renameType == ObjectType.OBJECT_COLUMN:
        if context.is_new_column(table, node.subname):
            return []
        return [
            _candidate(
                statement,
                "rename-column",
                f"RENAME COLUMN {node.subname} of {shown(table)} to {node.newname}: the running "
                f"application still reads and writes {node.subname}, and fails",
                table,
                Confirm.EXISTING,
            )
        ]
    kind = _TABLE_LIKE.get(node.renameType)
    if kind is None:
        return []
    return [
        _candidate(
            statement,
            "rename-table",
            f"RENAME of the {kind} {shown(table)} to {node.newname}: the running application "
            "still uses the old name, and fails",
            table,
            Confirm.EXISTING,
        )
    ]


# --- ALTER TABLE ------------------------------------------------------------------------------


def _alter_table(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    if node.objtype != ObjectType.OBJECT_TABLE:
        return []
    table = relation_name(node.relation)
    if context.is_new(table):
        return []
    found: list[Candidate] = []
    for command in node.cmds or ():
        check = _ALTER_CHECKS.get(command.subtype)
        if check is not None:
            found += check(statement, context, table, command)
    return found


def _add_column(
    statement: Statement, context: Context, table: Name, command: Any
) -> list[Candidate]:
    column = command.def_
    context.new_columns.add((table, column.colname))
    found = []
    reason, certain = _rewriting_column(column)
    if reason:
        found.append(
            _candidate(
                statement,
                "add-column-rewrite",
                f"ADD COLUMN {column.colname} to {shown(table)} with {reason}: every existing "
                "row is rewritten while an ACCESS EXCLUSIVE lock blocks all reads and writes",
                table,
                Confirm.REWRITE,
                unmeasured_severity=None if certain else "warning",
            )
        )
    for constraint in column.constraints or ():
        found += _constraint(statement, table, constraint, column=column.colname)
    return found


def _rewriting_column(column: Any) -> tuple[str | None, bool]:
    """Why adding `column` writes every row, and whether the text alone makes that certain
    (a default calling a function the server does not ship may or may not be volatile)."""
    type_names = [n.sval for n in column.typeName.names] if column.typeName else []
    if type_names and type_names[-1] in SERIAL_TYPES:
        return f"type {type_names[-1]} (a nextval() default)", True
    for constraint in column.constraints or ():
        if constraint.contype == ConstrType.CONSTR_IDENTITY:
            return "GENERATED AS IDENTITY", True
        if constraint.contype == ConstrType.CONSTR_GENERATED and constraint.generated_kind == "s":
            return "a STORED generated value", True
        if constraint.contype == ConstrType.CONSTR_DEFAULT:
            called = list(_function_names(constraint.raw_expr))
            volatile = [f for f in called if f in VOLATILE_FUNCTIONS]
            if volatile:
                return f"a volatile default ({volatile[0]}() gives each row its own value)", True
            unknown = [f for f in called if f not in NON_VOLATILE_FUNCTIONS]
            if unknown:
                return f"a default calling {unknown[0]}() (if it is volatile)", False
    return None, True


def _function_names(expression: Any) -> Iterator[str]:
    from pglast.visitors import Visitor

    names: list[str] = []

    class Calls(Visitor):
        def visit_FuncCall(self, ancestors: Any, node: Any) -> None:  # noqa: N802 - pglast's
            names.append(node.funcname[-1].sval)

    Calls()(expression)
    yield from names


def _set_not_null(
    statement: Statement, context: Context, table: Name, command: Any
) -> list[Candidate]:
    return [_not_null(statement, table, command.name)]


def _not_null(statement: Statement, table: Name, column: str) -> Candidate:
    return _candidate(
        statement,
        "set-not-null",
        f"SET NOT NULL on {shown(table)}.{display_name(column)}: the whole table is scanned "
        "for NULLs while an ACCESS EXCLUSIVE lock blocks all reads and writes",
        table,
        Confirm.SCAN,
    )


def _alter_column_type(
    statement: Statement, context: Context, table: Name, command: Any
) -> list[Candidate]:
    return [
        _candidate(
            statement,
            "column-type-change",
            f"ALTER COLUMN {command.name} TYPE on {shown(table)}: unless the old type converts "
            "without change (varchar(n) to a longer varchar or text, ...), the table and its "
            "indexes are rewritten under an ACCESS EXCLUSIVE lock that blocks all reads and "
            "writes",
            table,
            Confirm.REWRITE_OR_SCAN,
            unmeasured_severity="warning",
        )
    ]


def _drop_column(
    statement: Statement, context: Context, table: Name, command: Any
) -> list[Candidate]:
    if context.is_new_column(table, command.name):
        return []
    return [
        _candidate(
            statement,
            "drop-column",
            f"DROP COLUMN {command.name} of {shown(table)}: the running application fails on "
            "every query that still names it (and an ORM may select every column it knows)",
            table,
            Confirm.EXISTING,
        )
    ]


def _add_constraint(
    statement: Statement, context: Context, table: Name, command: Any
) -> list[Candidate]:
    constraint = command.def_
    if constraint.skip_validation and constraint.conname:
        context.not_valid.add(constraint.conname)
    return _constraint(statement, table, constraint)


def _constraint(
    statement: Statement, table: Name, constraint: Any, *, column: str | None = None
) -> list[Candidate]:
    kind = constraint.contype
    if constraint.skip_validation:
        return []  # NOT VALID: checked later, by VALIDATE CONSTRAINT, under a weaker lock
    name = f" {constraint.conname}" if constraint.conname else ""
    if kind == ConstrType.CONSTR_FOREIGN:
        other = shown(relation_name(constraint.pktable))
        return [
            _candidate(
                statement,
                "add-foreign-key",
                f"FOREIGN KEY{name} on {shown(table)} validated at once: every row is checked "
                f"against {other} while SHARE ROW EXCLUSIVE locks block writes to both tables",
                table,
                Confirm.SCAN,
            )
        ]
    if kind == ConstrType.CONSTR_CHECK:
        return [
            _candidate(
                statement,
                "add-check-constraint",
                f"CHECK{name} on {shown(table)} validated at once: every row is checked while "
                "an ACCESS EXCLUSIVE lock blocks all reads and writes",
                table,
                Confirm.SCAN,
            )
        ]
    if kind == ConstrType.CONSTR_NOTNULL and column is None:
        keys = [k.sval for k in constraint.keys or ()]
        return [_not_null(statement, table, keys[0] if keys else "?")]
    index_kinds = {
        ConstrType.CONSTR_PRIMARY: "PRIMARY KEY",
        ConstrType.CONSTR_UNIQUE: "UNIQUE",
        ConstrType.CONSTR_EXCLUSION: "EXCLUDE",
    }
    if kind in index_kinds and not constraint.indexname:
        return [
            _candidate(
                statement,
                "add-unique-constraint",
                f"ADD {index_kinds[kind]}{name} on {shown(table)} builds its index while an "
                "ACCESS EXCLUSIVE lock blocks all reads and writes",
                table,
                Confirm.SCAN,
            )
        ]
    return []


def _validate_constraint(
    statement: Statement, context: Context, table: Name, command: Any
) -> list[Candidate]:
    if command.name not in context.not_valid:
        return []  # added NOT VALID by an earlier migration: the safe way
    return [
        _candidate(
            statement,
            "validate-in-same-transaction",
            f"VALIDATE CONSTRAINT {command.name} in the migration that added it NOT VALID: "
            "the lock the ADD took is held until this migration commits, so the validation "
            "scan runs under it",
            table,
            Confirm.EXISTING,
        )
    ]


def _rewrites_table(what: str) -> Callable[[Statement, Context, Name, Any], list[Candidate]]:
    def check(statement: Statement, context: Context, table: Name, command: Any) -> list[Candidate]:
        return [
            _candidate(
                statement,
                "table-rewrite",
                f"{what} on {shown(table)} rewrites the table and its indexes while an ACCESS "
                "EXCLUSIVE lock blocks all reads and writes",
                table,
                Confirm.REWRITE,
            )
        ]

    return check


_ALTER_CHECKS: dict[Any, Callable[[Statement, Context, Name, Any], list[Candidate]]] = {
    AlterTableType.AT_AddColumn: _add_column,
    AlterTableType.AT_SetNotNull: _set_not_null,
    AlterTableType.AT_AlterColumnType: _alter_column_type,
    AlterTableType.AT_DropColumn: _drop_column,
    AlterTableType.AT_AddConstraint: _add_constraint,
    AlterTableType.AT_ValidateConstraint: _validate_constraint,
    AlterTableType.AT_SetLogged: _rewrites_table("SET LOGGED"),
    AlterTableType.AT_SetUnLogged: _rewrites_table("SET UNLOGGED"),
    AlterTableType.AT_SetAccessMethod: _rewrites_table("SET ACCESS METHOD"),
    AlterTableType.AT_SetTableSpace: _rewrites_table("SET TABLESPACE"),
}


# --- CLUSTER, VACUUM FULL, LOCK, REFRESH ------------------------------------------------------


def _cluster(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    target = relation_name(node.relation) if node.relation is not None else None
    if target is not None and context.is_new(target):
        return []
    what = shown(target) if target else "every clustered table"
    return [
        _candidate(
            statement,
            "cluster",
            f"CLUSTER {what}: the table and its indexes are rewritten while an ACCESS "
            "EXCLUSIVE lock blocks all reads and writes",
            target,
            Confirm.REWRITE if target else Confirm.NOTHING,
        )
    ]


def _vacuum(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    word = "VACUUM" if node.is_vacuumcmd else "ANALYZE"
    found = _needs_no_transaction(statement, context, word) if node.is_vacuumcmd else []
    if not (node.is_vacuumcmd and _has_option(node.options, "full")):
        return found
    tables = [relation_name(r.relation) for r in node.rels or () if r.relation is not None]
    what = ", ".join(shown(t) for t in tables) or "every table"
    if tables and all(context.is_new(t) for t in tables):
        return found
    return [
        *found,
        _candidate(
            statement,
            "vacuum-full",
            f"VACUUM FULL {what}: each table is rewritten while an ACCESS EXCLUSIVE lock "
            "blocks all reads and writes",
            tables[0] if len(tables) == 1 else None,
            Confirm.NOTHING,
        ),
    ]


def _has_option(options: Any, name: str) -> bool:
    """A `(NAME [true])` option of VACUUM, REINDEX, ... (`(full false)` is not set)."""
    for option in options or ():
        if option.defname == name:
            value = getattr(option.arg, "sval", None) if option.arg is not None else None
            return value is None or value.lower() not in ("false", "off", "0")
    return False


def _lock(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    mode = LOCK_MODES[node.mode - 1]  # LockStmt.mode: 1 AccessShareLock .. 8 AccessExclusiveLock
    if LOCK_MODES.index(mode) < LOCK_MODES.index("ShareLock"):
        return []
    names = [relation_name(r) for r in node.relations or ()]
    return [
        _candidate(
            statement,
            "lock-table",
            f"LOCK TABLE {shown(name)} takes {mode}: "
            + (
                "reads and writes wait until the migration commits"
                if mode == "AccessExclusiveLock"
                else "writes wait until the migration commits"
            ),
            name,
            Confirm.EXISTING,
        )
        for name in names
        if not context.is_new(name)
    ]


def _refresh(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    view = relation_name(node.relation)
    if node.concurrent or context.is_new(view):
        return []
    return [
        _candidate(
            statement,
            "refresh-materialized-view",
            f"REFRESH MATERIALIZED VIEW {shown(view)} without CONCURRENTLY: reads of the view "
            "wait until the refresh is done (ACCESS EXCLUSIVE)",
            view,
            Confirm.EXISTING,
        )
    ]


def _cannot_run_in_transaction(what: str) -> Callable[[Statement, Context], list[Candidate]]:
    def check(statement: Statement, context: Context) -> list[Candidate]:
        return _needs_no_transaction(statement, context, what)

    return check


_CHECKS: dict[str, Callable[[Statement, Context], list[Candidate]]] = {
    "IndexStmt": _create_index,
    "ReindexStmt": _reindex,
    "DropStmt": _drop,
    "RenameStmt": _rename,
    "AlterTableStmt": _alter_table,
    "ClusterStmt": _cluster,
    "VacuumStmt": _vacuum,
    "LockStmt": _lock,
    "RefreshMatViewStmt": _refresh,
    "CreatedbStmt": _cannot_run_in_transaction("CREATE DATABASE"),
    "DropdbStmt": _cannot_run_in_transaction("DROP DATABASE"),
    "AlterSystemStmt": _cannot_run_in_transaction("ALTER SYSTEM"),
    "CreateTableSpaceStmt": _cannot_run_in_transaction("CREATE TABLESPACE"),
    "DropTableSpaceStmt": _cannot_run_in_transaction("DROP TABLESPACE"),
}


def cannot_run_in_transaction(statement: Statement) -> bool:
    """Whether PostgreSQL refuses the statement inside a transaction block (it is then not
    measured: the measurement runs in one)."""
    node = statement.node
    kind = statement.kind
    if kind in ("IndexStmt", "DropStmt"):
        return bool(node.concurrent)
    if kind == "ReindexStmt":
        return _has_option(node.params, "concurrently") or node.relation is None
    if kind == "VacuumStmt":
        return bool(node.is_vacuumcmd)
    return kind in (
        "CreatedbStmt",
        "DropdbStmt",
        "AlterSystemStmt",
        "CreateTableSpaceStmt",
        "DropTableSpaceStmt",
        "CreateSubscriptionStmt",
        "DropSubscriptionStmt",
    )


def _remember(statement: Statement, context: Context) -> None:
    """Note what the statement creates (or renames something new to)."""
    node, kind = statement.node, statement.kind
    if kind == "CreateStmt":
        context.created.add(relation_name(node.relation))
    elif kind == "CreateTableAsStmt":
        context.created.add(relation_name(node.into.rel))
    elif kind == "ViewStmt":
        context.created.add(relation_name(node.view))
    elif kind == "CreateSeqStmt":
        context.created.add(relation_name(node.sequence))
    elif kind == "IndexStmt" and node.idxname:
        context.created.add((node.relation.schemaname or None, node.idxname))
    elif kind == "RenameStmt" and node.relation is not None:
        old = relation_name(node.relation)
        if node.renameType in _TABLE_LIKE and context.is_new(old):
            context.created.add((old[0], node.newname))
