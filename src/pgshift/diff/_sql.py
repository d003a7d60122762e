"""SQL pieces that several changes share (`rendering.py`, `_create.py`): object names as DROP,
COMMENT, ALTER and GRANT write them, column and sequence clauses, comments. Server-rendered
text is placed as is (see `raw`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from psycopg import sql

from ..inspect.model import (
    Aggregate,
    CatalogObject,
    Collation,
    Column,
    CompositeType,
    Constraint,
    DomainType,
    EnumType,
    EventTrigger,
    Extension,
    Function,
    Index,
    Policy,
    RangeType,
    Rule,
    Schema,
    Sequence,
    Table,
    Trigger,
    View,
)
from ..sqltext import ident, literal, qualified

Statement = sql.Composable


def raw(text: str) -> sql.SQL:
    """Server-rendered SQL (a type, an expression, a definition), placed as it is."""
    return sql.SQL(text)


def join(parts: Iterable[Statement | str], separator: str = " ") -> sql.Composed:
    return sql.SQL(separator).join(sql.SQL(p) if isinstance(p, str) else p for p in parts)


TRIGGER_STATES = {
    "origin": "enable",
    "disabled": "disable",
    "replica": "enable replica",
    "always": "enable always",
}


def column_definition(column: Column, identity: Sequence | None) -> Statement:
    parts: list[Statement | str] = [ident(column.name), raw(column.type)]
    if column.collation:
        parts += ["collate", raw(column.collation)]
    if column.generated is not None:
        parts += [
            "generated always as",
            parenthesized(raw(column.generated)),
            column.generated_kind or "stored",
        ]
    if column.default is not None:
        parts += ["default", raw(column.default)]
    if column.not_null:
        parts.append("not null")
    if column.identity is not None:
        parts.append(identity_clause(column.identity, identity))
    return join(parts)


# Settings are words from fixed lists, mapped here rather than placed as read; options
# (`n_distinct=100`) are the server's own text, as a table's storage options are.
_STORAGE = {name: name for name in ("plain", "external", "extended", "main")}
_COMPRESSION = {"pglz": "pglz", "lz4": "lz4", None: "default"}


def column_setting_steps(new: Any, old: Any) -> list[Statement | str]:
    """What brings a column's (or a materialized view column's) statistics target, storage,
    compression and options from `old`'s to `new`'s, one ALTER COLUMN step each; unset ones go
    back to their default."""
    steps: list[Statement | str] = []
    if new.statistics is None and old.statistics is not None:
        steps.append("set statistics -1")  # the default (DEFAULT is PostgreSQL 17's)
    elif new.statistics != old.statistics:
        steps.append(join(["set statistics", literal(new.statistics)]))
    if new.storage != old.storage:
        # Back to the type's own storage (SET STORAGE DEFAULT is PostgreSQL 16's).
        storage = (
            new.storage or getattr(old, "type_storage", None) or getattr(new, "type_storage", None)
        )
        steps.append(join(["set storage", _STORAGE[storage or ""]]))
    if new.compression != old.compression:
        steps.append(join(["set compression", _COMPRESSION[new.compression]]))
    names = {option_name(o) for o in new.options}
    gone = [option_name(o) for o in old.options if option_name(o) not in names]
    if gone:
        steps.append(join(["reset", parenthesized(join([raw(n) for n in gone], ", "))]))
    wanted = [o for o in new.options if o not in old.options]
    if wanted:
        steps.append(join(["set", parenthesized(join([raw(o) for o in wanted], ", "))]))
    return steps


def option_name(option: str) -> str:
    """`n_distinct` of `n_distinct=100`."""
    return option.split("=", 1)[0]


def identity_clause(generation: str, sequence: Sequence | None) -> Statement:
    parts: list[Statement | str] = [f"generated {generation} as identity"]
    if sequence is not None:
        options = join(
            ["sequence name", qualified(sequence.schema, sequence.name), sequence_options(sequence)]
        )
        parts.append(parenthesized(options))
    return join(parts)


def sequence_options(s: Sequence) -> Statement:
    return sql.SQL("increment by {} minvalue {} maxvalue {} start with {} cache {} {}").format(
        literal(s.increment),
        literal(s.minimum),
        literal(s.maximum),
        literal(s.start),
        literal(s.cache),
        sql.SQL("cycle" if s.cycle else "no cycle"),
    )


def object_name(obj: Any) -> Statement:
    """`table "s"."t"`, `function "s"."f"(integer)`: the object as DROP/COMMENT/ALTER name it."""
    if isinstance(obj, Schema):
        return join(["schema", ident(obj.name)])
    if isinstance(obj, CatalogObject):
        return join([obj.kind, raw(obj.identity)])
    if isinstance(obj, (Extension, EventTrigger)):
        return join([obj.kind, ident(obj.name)])
    if isinstance(obj, Constraint):
        return join(["constraint", ident(obj.name), "on", qualified(obj.schema, obj.table)])
    if isinstance(obj, (Trigger, Policy, Rule)):
        return join([obj.kind, ident(obj.name), "on", qualified(obj.schema, obj.table)])
    name = qualified(obj.schema, obj.name)
    if isinstance(obj, (Function, Aggregate)):
        # An aggregate over no arguments is written `name(*)`; a function `name()`.
        arguments = obj.signature or ("*" if isinstance(obj, Aggregate) else "")
        return join([obj.kind, join([name, "(", raw(arguments), ")"], "")])
    if isinstance(obj, View):
        return join(["materialized view" if obj.materialized else "view", name])
    word = {
        EnumType: "type",
        CompositeType: "type",
        RangeType: "type",
        DomainType: "domain",
        Table: "table",
        Index: "index",
        Sequence: "sequence",
        Collation: "collation",
    }[type(obj)]
    return join([word, name])


# How GRANT names the kinds of CatalogObject that take privileges.
_GRANT_WORDS = {
    "foreign data wrapper": "foreign data wrapper",
    "server": "foreign server",
    "language": "language",
    "foreign table": "table",
}


def grant_target(obj: Any) -> Statement:
    """The object as GRANT and REVOKE name it (`table` also for views and sequences' own word)."""
    if isinstance(obj, Schema):
        return join(["schema", ident(obj.name)])
    if isinstance(obj, CatalogObject):
        return join([_GRANT_WORDS[obj.kind], raw(obj.identity)])
    name = qualified(obj.schema, obj.name)
    if isinstance(obj, (Function, Aggregate)):
        word = "procedure" if obj.kind == "procedure" else "function"
        return join([word, join([name, "(", raw(obj.signature), ")"], "")])
    word = {Table: "table", View: "table", Sequence: "sequence", DomainType: "domain"}.get(
        type(obj), "type"
    )
    return join([word, name])


def parenthesized(inner: Statement) -> Statement:
    return join(["(", inner, ")"], "")


def alter_column(table: Table, column: str) -> Statement:
    """`alter table "s"."t" alter column "c"`: what every column change starts with."""
    return join(["alter table", qualified(table.schema, table.name), "alter column", ident(column)])


def column_name(obj: Table | View, column: str) -> Statement:
    return join(["column", join([qualified(obj.schema, obj.name), ident(column)], ".")])


def comment_on(target: Statement, comment: str | None) -> Statement:
    value = sql.SQL("null") if comment is None else literal(comment)
    return join(["comment on", target, "is", value])


def comments(obj: Any) -> list[Statement]:
    result: list[Statement] = []
    if getattr(obj, "comment", None) is not None:
        result.append(comment_on(object_name(obj), obj.comment))
    for column in getattr(obj, "columns", ()):
        if column.comment is not None:
            result.append(comment_on(column_name(obj, column.name), column.comment))
    return result


def trigger_state(trigger: Trigger) -> Statement:
    """`ALTER TABLE ... ENABLE/DISABLE ... TRIGGER` for the trigger's state."""
    return join(
        [
            "alter table",
            qualified(trigger.schema, trigger.table),
            TRIGGER_STATES[trigger.enabled],
            "trigger",
            ident(trigger.name),
        ]
    )
