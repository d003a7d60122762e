"""Changes -> SQL. Names are quoted through `sqltext`; definitions come from the server as is.

Text the server rendered (types from `format_type`, expressions from `pg_get_expr`, whole
definitions from `pg_get_functiondef` and friends) is trusted SQL and placed verbatim.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import singledispatch
from typing import Any

from psycopg import sql

from ..errors import UnsafeChangeError
from ..inspect.model import (
    Column,
    CompositeType,
    Constraint,
    DomainType,
    EnumType,
    Extension,
    Function,
    Index,
    Policy,
    Schema,
    Sequence,
    Table,
    Trigger,
    View,
)
from ..sqltext import ident, literal, qualified
from .changes import (
    AddColumn,
    AddEnumValue,
    AlterColumn,
    AlterDomain,
    AlterSequence,
    AlterTable,
    Change,
    CreateObject,
    DropColumn,
    DropObject,
    ReplaceObject,
    SetComment,
    SetOwner,
    SetSequenceOwner,
    SetSequenceValue,
    SetTriggerEnabled,
    UpdateExtension,
)
from .order import order_changes

Statement = sql.Composable


def render(changes: Iterable[Change], *, allow_destructive: bool = False) -> str:
    """The SQL script that applies `changes`, in dependency order (see `order.py`).

    Each change is preceded by a `--` line describing it. Raises `UnsafeChangeError` when a
    change is destructive (drops, column type changes) unless `allow_destructive` is true.
    Returns an empty string for no changes.
    """
    ordered = order_changes(changes)
    unsafe = [c for c in ordered if c.destructive]
    if unsafe and not allow_destructive:
        listing = "\n".join(f"  - {c.describe()}" for c in unsafe)
        raise UnsafeChangeError(
            f"{len(unsafe)} destructive change(s) refused (allow them to include them):\n{listing}",
            changes=unsafe,
        )
    blocks: list[str] = []
    if any(isinstance(c, (CreateObject, ReplaceObject)) and isinstance(c.obj, Function)
           for c in ordered):
        # As pg_dump does: SQL function bodies may name objects created later in the script.
        blocks.append("set check_function_bodies = false;\n")
    for change in ordered:
        mark = "-- destructive: " if change.destructive else "-- "
        lines = [mark + change.describe()]
        lines += [_text(statement) + ";" for statement in statements(change)]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _text(statement: Statement) -> str:
    return statement.as_string(None)


def _raw(text: str) -> sql.SQL:
    """Server-rendered SQL (a type, an expression, a definition), placed as it is."""
    return sql.SQL(text)


def _join(parts: Iterable[Statement | str], separator: str = " ") -> sql.Composed:
    return sql.SQL(separator).join(sql.SQL(p) if isinstance(p, str) else p for p in parts)


@singledispatch
def statements(change: Change) -> list[Statement]:
    """The statements of one change."""
    raise TypeError(f"no SQL for {type(change).__name__}")


@statements.register
def _(change: CreateObject) -> list[Statement]:
    obj = change.obj
    result = _CREATE[type(obj)](obj, change)
    return result + _comments(obj)


@statements.register
def _(change: DropObject) -> list[Statement]:
    obj = change.obj
    if isinstance(obj, Constraint):
        return [_join(["alter table", qualified(obj.schema, obj.table), "drop constraint",
                       ident(obj.name)])]
    if isinstance(obj, (Trigger, Policy)):
        return [_join(["drop", obj.kind, ident(obj.name), "on", qualified(obj.schema, obj.table)])]
    return [_join(["drop", _object_name(obj)])]


@statements.register
def _(change: ReplaceObject) -> list[Statement]:
    obj = change.obj
    if isinstance(obj, Function):
        return [_raw(obj.definition.rstrip())]
    return [_create_view(obj, or_replace=True)]


@statements.register
def _(change: AddColumn) -> list[Statement]:
    table = qualified(change.table.schema, change.table.name)
    column = _column_definition(change.column, change.identity_sequence)
    result: list[Statement] = [_join(["alter table", table, "add column", column])]
    if change.column.comment is not None:
        result.append(_comment_on(_column_name(change.table, change.column.name),
                                  change.column.comment))
    return result


@statements.register
def _(change: DropColumn) -> list[Statement]:
    table = qualified(change.table.schema, change.table.name)
    return [_join(["alter table", table, "drop column", ident(change.column.name)])]


@statements.register
def _(change: AlterColumn) -> list[Statement]:
    new, old = change.column, change.old
    prefix = _join(["alter table", qualified(change.table.schema, change.table.name),
                    "alter column", ident(new.name)])
    steps: list[Statement | str] = []
    if old.generated is not None and new.generated is None:
        steps.append("drop expression")
    if old.identity is not None and new.identity is None:
        steps.append("drop identity")
    default_changes = new.default != old.default
    if change.changes_type:
        if old.default is not None:
            steps.append("drop default")  # the old default may not cast to the new type
            default_changes = new.default is not None
        collate = [sql.SQL("collate"), _raw(new.collation)] if new.collation else []
        steps.append(_join(["type", _raw(new.type), *collate, "using",
                            _join([ident(new.name), _raw(new.type)], "::")]))
    if default_changes:
        if new.default is None:
            steps.append("drop default")
        else:
            steps.append(_join(["set default", _raw(new.default)]))
    if new.not_null != old.not_null:
        steps.append("set not null" if new.not_null else "drop not null")
    if new.identity is not None and new.identity != old.identity:
        if old.identity is None:
            steps.append(_join(["add", _identity(new.identity, change.identity_sequence)]))
        else:
            steps.append(f"set generated {new.identity}")
    return [_join([prefix, step]) for step in steps]


@statements.register
def _(change: AlterTable) -> list[Statement]:
    new, old = change.table, change.old
    table = qualified(new.schema, new.name)
    steps: list[str | Statement] = []
    if new.unlogged != old.unlogged:
        steps.append("set unlogged" if new.unlogged else "set logged")
    if new.row_security != old.row_security:
        steps.append(f"{'enable' if new.row_security else 'disable'} row level security")
    if new.force_row_security != old.force_row_security:
        steps.append(f"{'' if new.force_row_security else 'no '}force row level security")
    if new.options != old.options:
        if old.options:
            names = [_raw(option.split("=", 1)[0]) for option in old.options]
            steps.append(_join(["reset", _parenthesized(_join(names, ", "))]))
        if new.options:
            steps.append(_join(["set", _parenthesized(_join([_raw(o) for o in new.options],
                                                             ", "))]))
    return [_join(["alter table", table, step]) for step in steps]


@statements.register
def _(change: AddEnumValue) -> list[Statement]:
    parts: list[Statement | str] = ["alter type", qualified(change.enum.schema, change.enum.name),
                                    "add value", literal(change.label)]
    if change.before is not None:
        parts += ["before", literal(change.before)]
    elif change.after is not None:
        parts += ["after", literal(change.after)]
    return [_join(parts)]


@statements.register
def _(change: AlterDomain) -> list[Statement]:
    new, old = change.domain, change.old
    prefix = _join(["alter domain", qualified(new.schema, new.name)])
    steps: list[Statement | str] = []
    if new.default != old.default:
        steps.append("drop default" if new.default is None
                     else _join(["set default", _raw(new.default)]))
    if new.not_null != old.not_null:
        steps.append("set not null" if new.not_null else "drop not null")
    for constraint in old.constraints:
        if constraint not in new.constraints:
            steps.append(_join(["drop constraint", ident(constraint.name)]))
    for constraint in new.constraints:
        if constraint not in old.constraints:
            steps.append(_join(["add constraint", ident(constraint.name),
                                _raw(constraint.definition)]))
    return [_join([prefix, step]) for step in steps]


@statements.register
def _(change: AlterSequence) -> list[Statement]:
    s, old = change.sequence, change.old
    parts: list[Statement | str] = ["alter sequence", qualified(s.schema, s.name), "as",
                                    _raw(s.data_type), _sequence_options(s)]
    if old.last_value is not None and not s.minimum <= old.last_value <= s.maximum:
        parts.append("restart")  # the current value is outside the new bounds: PostgreSQL asks
    return [_join(parts)]


@statements.register
def _(change: SetSequenceOwner) -> list[Statement]:
    s = change.sequence
    owner: Statement = sql.SQL("none")
    if s.owned_by_schema and s.owned_by_table and s.owned_by_column:
        owner = _join([qualified(s.owned_by_schema, s.owned_by_table),
                       ident(s.owned_by_column)], ".")
    return [_join(["alter sequence", qualified(s.schema, s.name), "owned by", owner])]


@statements.register
def _(change: SetSequenceValue) -> list[Statement]:
    s = change.sequence
    name = _text(qualified(s.schema, s.name))
    return [sql.SQL("select pg_catalog.setval({}::regclass, {}, {})").format(
        literal(name), literal(s.last_value), literal(bool(s.is_called)))]


@statements.register
def _(change: SetTriggerEnabled) -> list[Statement]:
    t = change.trigger
    return [_join(["alter table", qualified(t.schema, t.table), _TRIGGER_STATES[t.enabled],
                   "trigger", ident(t.name)])]


@statements.register
def _(change: UpdateExtension) -> list[Statement]:
    new, old = change.extension, change.old
    result: list[Statement] = []
    if new.schema != old.schema:
        result.append(_join(["alter extension", ident(new.name), "set schema", ident(new.schema)]))
    if new.version != old.version:
        result.append(_join(["alter extension", ident(new.name), "update to",
                             literal(new.version)]))
    return result


@statements.register
def _(change: SetComment) -> list[Statement]:
    target = _object_name(change.obj) if change.column is None else _column_name(
        change.obj, change.column)
    return [_comment_on(target, change.comment)]


@statements.register
def _(change: SetOwner) -> list[Statement]:
    return [_join(["alter", _object_name(change.obj), "owner to", ident(change.owner)])]


_TRIGGER_STATES = {
    "origin": "enable",
    "disabled": "disable",
    "replica": "enable replica",
    "always": "enable always",
}


# -- creating each kind


def _create_schema(obj: Schema, change: CreateObject) -> list[Statement]:
    return [_join(["create schema", ident(obj.name)])]


def _create_extension(obj: Extension, change: CreateObject) -> list[Statement]:
    return [_join(["create extension", ident(obj.name), "with schema", ident(obj.schema),
                   "version", literal(obj.version)])]


def _create_enum(obj: EnumType, change: CreateObject) -> list[Statement]:
    labels = _join([literal(label) for label in obj.labels], ", ")
    return [_join(["create type", qualified(obj.schema, obj.name), "as enum",
                   _parenthesized(labels)])]


def _create_domain(obj: DomainType, change: CreateObject) -> list[Statement]:
    parts: list[Statement | str] = ["create domain", qualified(obj.schema, obj.name), "as",
                                    _raw(obj.base_type)]
    if obj.collation:
        parts += ["collate", _raw(obj.collation)]
    if obj.default is not None:
        parts += ["default", _raw(obj.default)]
    if obj.not_null:
        parts.append("not null")
    for constraint in obj.constraints:
        parts += ["constraint", ident(constraint.name), _raw(constraint.definition)]
    return [_join(parts)]


def _create_composite(obj: CompositeType, change: CreateObject) -> list[Statement]:
    fields = []
    for a in obj.attributes:
        collate: list[Statement | str] = ["collate", _raw(a.collation)] if a.collation else []
        fields.append(_join([ident(a.name), _raw(a.type), *collate]))
    return [_join(["create type", qualified(obj.schema, obj.name), "as",
                   _parenthesized(_join(fields, ", "))])]


def _create_table(obj: Table, change: CreateObject) -> list[Statement]:
    identity = {(s.owned_by_column): s for s in change.identity_sequences}
    name = qualified(obj.schema, obj.name)
    columns = [_column_definition(c, identity.get(c.name)) for c in obj.columns]
    parts: list[Statement | str] = ["create unlogged table" if obj.unlogged else "create table",
                                    name]
    if obj.partition_of:
        parts += ["partition of", _raw(obj.partition_of)]
        if columns:
            parts.append(_parenthesized(_join(columns, ", ")))
        parts.append(_raw(obj.partition_bound or "default"))
    else:
        parts.append(_join(["(\n  ", _join(columns, ",\n  "), "\n)"], ""))
    if obj.partition_key:
        parts += ["partition by", _raw(obj.partition_key)]
    if obj.options:
        parts += ["with", _parenthesized(_join([_raw(o) for o in obj.options], ", "))]
    result: list[Statement] = [_join(parts)]
    if obj.row_security:
        result.append(_join(["alter table", name, "enable row level security"]))
    if obj.force_row_security:
        result.append(_join(["alter table", name, "force row level security"]))
    return result


def _create_constraint(obj: Constraint, change: CreateObject) -> list[Statement]:
    return [_join(["alter table", qualified(obj.schema, obj.table), "add constraint",
                   ident(obj.name), _raw(obj.definition)])]


def _create_from_definition(obj: Index | Function, change: CreateObject) -> list[Statement]:
    return [_raw(obj.definition.rstrip())]


def _create_sequence(obj: Sequence, change: CreateObject) -> list[Statement]:
    return [_join(["create sequence", qualified(obj.schema, obj.name), "as", _raw(obj.data_type),
                   _sequence_options(obj)])]


def _create_trigger(obj: Trigger, change: CreateObject) -> list[Statement]:
    result: list[Statement] = [_raw(obj.definition)]
    if obj.enabled != "origin":
        result += statements(SetTriggerEnabled(obj))
    return result


def _create_view(obj: View, *, or_replace: bool = False) -> Statement:
    parts: list[Statement | str] = [
        "create or replace" if or_replace else "create",
        "materialized view" if obj.materialized else "view",
        qualified(obj.schema, obj.name),
    ]
    if obj.options:
        parts += ["with", _parenthesized(_join([_raw(o) for o in obj.options], ", "))]
    parts += ["as\n", _raw(obj.definition.strip())]
    return _join(parts)


def _create_policy(obj: Policy, change: CreateObject) -> list[Statement]:
    roles = [sql.SQL("public") if r == "public" else ident(r) for r in obj.roles]
    parts: list[Statement | str] = [
        "create policy", ident(obj.name), "on", qualified(obj.schema, obj.table),
        "as", "permissive" if obj.permissive else "restrictive",
        "for", obj.command, "to", _join(roles, ", "),
    ]
    if obj.using is not None:
        parts += ["using", _parenthesized(_raw(obj.using))]
    if obj.with_check is not None:
        parts += ["with check", _parenthesized(_raw(obj.with_check))]
    return [_join(parts)]


_CREATE: dict[type, Callable[[Any, CreateObject], list[Statement]]] = {
    Schema: _create_schema,
    Extension: _create_extension,
    EnumType: _create_enum,
    DomainType: _create_domain,
    CompositeType: _create_composite,
    Table: _create_table,
    Constraint: _create_constraint,
    Index: _create_from_definition,
    Sequence: _create_sequence,
    Function: _create_from_definition,
    Trigger: _create_trigger,
    View: lambda obj, change: [_create_view(obj)],
    Policy: _create_policy,
}


# -- pieces


def _column_definition(column: Column, identity: Sequence | None) -> Statement:
    parts: list[Statement | str] = [ident(column.name), _raw(column.type)]
    if column.collation:
        parts += ["collate", _raw(column.collation)]
    if column.generated is not None:
        parts += ["generated always as", _parenthesized(_raw(column.generated)),
                  column.generated_kind or "stored"]
    if column.default is not None:
        parts += ["default", _raw(column.default)]
    if column.not_null:
        parts.append("not null")
    if column.identity is not None:
        parts.append(_identity(column.identity, identity))
    return _join(parts)


def _identity(generation: str, sequence: Sequence | None) -> Statement:
    parts: list[Statement | str] = [f"generated {generation} as identity"]
    if sequence is not None:
        options = _join(["sequence name", qualified(sequence.schema, sequence.name),
                         _sequence_options(sequence)])
        parts.append(_parenthesized(options))
    return _join(parts)


def _sequence_options(s: Sequence) -> Statement:
    return sql.SQL(
        "increment by {} minvalue {} maxvalue {} start with {} cache {} {}"
    ).format(literal(s.increment), literal(s.minimum), literal(s.maximum), literal(s.start),
             literal(s.cache), sql.SQL("cycle" if s.cycle else "no cycle"))


def _object_name(obj: Any) -> Statement:
    """`table "s"."t"`, `function "s"."f"(integer)`: the object as DROP/COMMENT/ALTER name it."""
    if isinstance(obj, Schema):
        return _join(["schema", ident(obj.name)])
    if isinstance(obj, Extension):
        return _join(["extension", ident(obj.name)])
    if isinstance(obj, Constraint):
        return _join(["constraint", ident(obj.name), "on", qualified(obj.schema, obj.table)])
    if isinstance(obj, (Trigger, Policy)):
        return _join([obj.kind, ident(obj.name), "on", qualified(obj.schema, obj.table)])
    name = qualified(obj.schema, obj.name)
    if isinstance(obj, Function):
        return _join([obj.kind, _join([name, "(", _raw(obj.signature), ")"], "")])
    if isinstance(obj, View):
        return _join(["materialized view" if obj.materialized else "view", name])
    word = {EnumType: "type", CompositeType: "type", DomainType: "domain", Table: "table",
            Index: "index", Sequence: "sequence"}[type(obj)]
    return _join([word, name])


def _parenthesized(inner: Statement) -> Statement:
    return _join(["(", inner, ")"], "")


def _column_name(obj: Table | View, column: str) -> Statement:
    return _join(["column", _join([qualified(obj.schema, obj.name), ident(column)], ".")])


def _comment_on(target: Statement, comment: str | None) -> Statement:
    value = sql.SQL("null") if comment is None else literal(comment)
    return _join(["comment on", target, "is", value])


def _comments(obj: Any) -> list[Statement]:
    result: list[Statement] = []
    if getattr(obj, "comment", None) is not None:
        result.append(_comment_on(_object_name(obj), obj.comment))
    for column in getattr(obj, "columns", ()):
        if column.comment is not None:
            result.append(_comment_on(_column_name(obj, column.name), column.comment))
    return result
