"""The checks of ALTER TABLE, one per subcommand (pure): what adding a column, a constraint,
changing a type or nullability does to a table that already exists."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pglast.enums import AlterTableType, ConstrType, ObjectType

from ..sqltext import display_name
from .candidates import Candidate, Confirm, Context, Name, candidate, relation_name, shown
from .statements import Statement

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


def alter_table(statement: Statement, context: Context) -> list[Candidate]:
    """The candidates of each subcommand of an ALTER TABLE on a table the migration did not
    create."""
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
            candidate(
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
    return candidate(
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
        candidate(
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
        candidate(
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
            candidate(
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
            candidate(
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
            candidate(
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
        candidate(
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
            candidate(
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
