"""CREATE for each object kind: `CREATORS` maps a model class to the statements that create
an object of it (its comments are added by `rendering.py`). Server-rendered definitions are
placed as they are (see `_sql.raw`)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
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
    ViewColumn,
)
from ..sqltext import ident, literal, qualified
from ._sql import (
    TRIGGER_STATES,
    Statement,
    column_definition,
    column_setting_steps,
    join,
    parenthesized,
    raw,
    sequence_options,
    trigger_state,
)
from .changes import CreateObject


def _create_schema(obj: Schema, change: CreateObject) -> list[Statement]:
    return [join(["create schema", ident(obj.name)])]


def _create_extension(obj: Extension, change: CreateObject) -> list[Statement]:
    return [
        join(
            [
                "create extension",
                ident(obj.name),
                "with schema",
                ident(obj.schema),
                "version",
                literal(obj.version),
            ]
        )
    ]


def _create_collation(obj: Collation, change: CreateObject) -> list[Statement]:
    options: list[Statement] = [join(["provider =", obj.provider])]
    for option, value in (
        ("lc_collate", obj.lc_collate),
        ("lc_ctype", obj.lc_ctype),
        ("locale", obj.locale),
        ("rules", obj.rules),
    ):
        if value is not None:
            options.append(join([option, "=", literal(value)]))
    if not obj.deterministic:
        options.append(join(["deterministic = false"]))
    name = qualified(obj.schema, obj.name)
    return [join(["create collation", name, parenthesized(join(options, ", "))])]


def _create_enum(obj: EnumType, change: CreateObject) -> list[Statement]:
    labels = join([literal(label) for label in obj.labels], ", ")
    return [
        join(["create type", qualified(obj.schema, obj.name), "as enum", parenthesized(labels)])
    ]


def _create_domain(obj: DomainType, change: CreateObject) -> list[Statement]:
    parts: list[Statement | str] = [
        "create domain",
        qualified(obj.schema, obj.name),
        "as",
        raw(obj.base_type),
    ]
    if obj.collation:
        parts += ["collate", raw(obj.collation)]
    if obj.default is not None:
        parts += ["default", raw(obj.default)]
    if obj.not_null:
        parts.append("not null")
    for constraint in obj.constraints:
        parts += ["constraint", ident(constraint.name), raw(constraint.definition)]
    return [join(parts)]


def _create_composite(obj: CompositeType, change: CreateObject) -> list[Statement]:
    fields = []
    for a in obj.attributes:
        collate: list[Statement | str] = ["collate", raw(a.collation)] if a.collation else []
        fields.append(join([ident(a.name), raw(a.type), *collate]))
    return [
        join(
            [
                "create type",
                qualified(obj.schema, obj.name),
                "as",
                parenthesized(join(fields, ", ")),
            ]
        )
    ]


def _create_range(obj: RangeType, change: CreateObject) -> list[Statement]:
    options: list[Statement] = [join(["subtype =", raw(obj.subtype)])]
    for option, value in (
        ("subtype_opclass", obj.opclass),
        ("collation", obj.collation),
        ("canonical", obj.canonical),
        ("subtype_diff", obj.subtype_diff),
    ):
        if value is not None:
            options.append(join([option, "=", raw(value)]))
    name = qualified(obj.schema, obj.name)
    return [join(["create type", name, "as range", parenthesized(join(options, ", "))])]


def _create_table(obj: Table, change: CreateObject) -> list[Statement]:
    identity = {(s.owned_by_column): s for s in change.identity_sequences}
    name = qualified(obj.schema, obj.name)
    columns = [column_definition(c, identity.get(c.name)) for c in obj.columns]
    parts: list[Statement | str] = [
        "create unlogged table" if obj.unlogged else "create table",
        name,
    ]
    if obj.of_type:
        # The type gives the columns; only what a column adds to it is written.
        parts += ["of", raw(obj.of_type)]
        extra = [_typed_column(c) for c in obj.columns if c.not_null or c.default is not None]
        if extra:
            parts.append(parenthesized(join(extra, ", ")))
    elif obj.partition_of:
        parts += ["partition of", raw(obj.partition_of)]
        if columns:
            parts.append(parenthesized(join(columns, ", ")))
        parts.append(raw(obj.partition_bound or "default"))
    else:
        parts.append(join(["(\n  ", join(columns, ",\n  "), "\n)"], ""))
    if obj.inherits:
        parts += ["inherits", parenthesized(join([raw(p) for p in obj.inherits], ", "))]
    if obj.partition_key:
        parts += ["partition by", raw(obj.partition_key)]
    if obj.access_method:
        parts += ["using", raw(obj.access_method)]
    if obj.options:
        parts += ["with", parenthesized(join([raw(o) for o in obj.options], ", "))]
    if obj.tablespace:
        parts += ["tablespace", raw(obj.tablespace)]
    result: list[Statement] = [join(parts)]
    if obj.row_security:
        result.append(join(["alter table", name, "enable row level security"]))
    if obj.force_row_security:
        result.append(join(["alter table", name, "force row level security"]))
    return result


def create_catalog_object(obj: CatalogObject) -> list[Statement]:
    """Its statements, the first ending with its options (`OPTIONS (host 'db', ...)`)."""
    statements: list[Statement] = [raw(text) for text in obj.create]
    if obj.options:
        items = [join([ident(name), literal(value)]) for name, value in options(obj).items()]
        statements[0] = join([statements[0], "options", parenthesized(join(items, ", "))])
    return statements


def options(obj: CatalogObject) -> dict[str, str]:
    """Its options by name, from the catalog's `name=value` entries."""
    return dict(option.split("=", 1) for option in obj.options)


def _typed_column(column: Column) -> Statement:
    parts: list[Statement | str] = [ident(column.name), "with options"]
    if column.not_null:
        parts.append("not null")
    if column.default is not None:
        parts += ["default", raw(column.default)]
    return join(parts)


def _create_constraint(obj: Constraint, change: CreateObject) -> list[Statement]:
    return [
        join(
            [
                "alter table",
                qualified(obj.schema, obj.table),
                "add constraint",
                ident(obj.name),
                raw(obj.definition),
            ]
        )
    ]


def _create_function(obj: Function, change: CreateObject) -> list[Statement]:
    return [raw(obj.definition.rstrip())]


# `CREATE [UNIQUE] INDEX name ON `, as pg_get_indexdef starts (the name quoted if need be).
_INDEX_HEAD = re.compile(r'^(CREATE (?:UNIQUE )?INDEX )((?:"(?:[^"]|"")*"|\S+) ON )(ONLY )?')


def index_statements(obj: Index, *, concurrently: bool = False) -> list[Statement]:
    """The statements that create `obj` as it is: `pg_get_indexdef` with `ONLY` taken out (the
    server writes an index of a partitioned table `ON ONLY parent`, as pg_dump builds it piece
    by piece, which alone would leave it invalid and the partitions without one) and
    `CONCURRENTLY` put in when asked; its tablespace (which the definition leaves out) through
    `default_tablespace`, as pg_dump does; the statistics targets of its columns after it."""
    head = _INDEX_HEAD.match(obj.definition)
    assert head is not None, obj.definition
    words = head.group(1) + ("CONCURRENTLY " if concurrently else "") + head.group(2)
    result: list[Statement] = [raw(words + obj.definition[head.end() :])]
    if obj.tablespace:
        result = [
            join(["set default_tablespace =", raw(obj.tablespace)]),
            *result,
            sql.SQL("reset default_tablespace"),
        ]
    name = qualified(obj.schema, obj.name)
    for setting in obj.column_statistics:
        column: list[Statement | str]
        number, target = (int(part) for part in setting.split())
        column = ["alter column", literal(number), "set statistics", literal(target)]
        result.append(join(["alter index", name, *column]))
    return result


def _create_aggregate(obj: Aggregate, change: CreateObject) -> list[Statement]:
    options: list[Statement] = [
        join(["sfunc =", raw(obj.sfunc)]),
        join(["stype =", raw(obj.stype)]),
    ]
    if obj.sspace is not None:
        options.append(join(["sspace =", literal(obj.sspace)]))
    if obj.finalfunc is not None:
        options.append(join(["finalfunc =", raw(obj.finalfunc)]))
        if obj.finalfunc_extra:
            options.append(sql.SQL("finalfunc_extra"))
        if obj.finalfunc_modify is not None:
            options.append(join(["finalfunc_modify =", obj.finalfunc_modify]))
    for option, value in (
        ("combinefunc", obj.combinefunc),
        ("serialfunc", obj.serialfunc),
        ("deserialfunc", obj.deserialfunc),
        ("sortop", obj.sortop),
    ):
        if value is not None:
            options.append(join([option, "=", raw(value)]))
    if obj.initcond is not None:
        options.append(join(["initcond =", literal(obj.initcond)]))
    if obj.msfunc is not None:
        options += [
            join(["msfunc =", raw(obj.msfunc)]),
            join(["minvfunc =", raw(obj.minvfunc or "")]),
            join(["mstype =", raw(obj.mstype or "")]),
        ]
        if obj.msspace is not None:
            options.append(join(["msspace =", literal(obj.msspace)]))
        if obj.mfinalfunc is not None:
            options.append(join(["mfinalfunc =", raw(obj.mfinalfunc)]))
            if obj.mfinalfunc_extra:
                options.append(sql.SQL("mfinalfunc_extra"))
            if obj.mfinalfunc_modify is not None:
                options.append(join(["mfinalfunc_modify =", obj.mfinalfunc_modify]))
        if obj.minitcond is not None:
            options.append(join(["minitcond =", literal(obj.minitcond)]))
    options.append(join(["parallel =", obj.parallel]))
    if obj.aggregate_kind == "hypothetical":
        options.append(sql.SQL("hypothetical"))
    head = join([qualified(obj.schema, obj.name), parenthesized(raw(obj.arguments or "*"))], "")
    return [join(["create aggregate", head, parenthesized(join(options, ", "))])]


def _create_sequence(obj: Sequence, change: CreateObject) -> list[Statement]:
    return [
        join(
            [
                "create sequence",
                qualified(obj.schema, obj.name),
                "as",
                raw(obj.data_type),
                sequence_options(obj),
            ]
        )
    ]


def _create_trigger(obj: Trigger, change: CreateObject) -> list[Statement]:
    result: list[Statement] = [raw(obj.definition)]
    if obj.enabled != "origin":
        result.append(trigger_state(obj))
    return result


def create_view(obj: View, *, or_replace: bool = False) -> Statement:
    parts: list[Statement | str] = [
        "create or replace" if or_replace else "create",
        "materialized view" if obj.materialized else "view",
        qualified(obj.schema, obj.name),
    ]
    if obj.options:
        parts += ["with", parenthesized(join([raw(o) for o in obj.options], ", "))]
    if obj.tablespace:
        parts += ["tablespace", raw(obj.tablespace)]
    parts += ["as\n", raw(obj.definition.strip())]
    return join(parts)


def view_column_settings(obj: View) -> list[Statement]:
    """What a materialized view's columns set beyond their defaults (statistics target,
    storage, compression, options), as ALTER statements after its creation."""
    on = join(["alter materialized view", qualified(obj.schema, obj.name), "alter column"])
    return [
        join([on, ident(column.name), step])
        for column in obj.columns
        for step in column_setting_steps(column, _unset(column))
    ]


def _unset(column: ViewColumn) -> ViewColumn:
    return dataclasses.replace(column, statistics=None, storage=None, compression=None, options=())


def _create_rule(obj: Rule, change: CreateObject) -> list[Statement]:
    result: list[Statement] = [raw(obj.definition)]
    if obj.enabled != "origin":
        # Rules share triggers' four states and their ALTER TABLE words.
        state = TRIGGER_STATES[obj.enabled]
        table = qualified(obj.schema, obj.table)
        result.append(join(["alter table", table, state, "rule", ident(obj.name)]))
    return result


def _create_policy(obj: Policy, change: CreateObject) -> list[Statement]:
    roles = [sql.SQL("public") if r == "public" else ident(r) for r in obj.roles]
    parts: list[Statement | str] = [
        "create policy",
        ident(obj.name),
        "on",
        qualified(obj.schema, obj.table),
        "as",
        "permissive" if obj.permissive else "restrictive",
        "for",
        obj.command,
        "to",
        join(roles, ", "),
    ]
    if obj.using is not None:
        parts += ["using", parenthesized(raw(obj.using))]
    if obj.with_check is not None:
        parts += ["with check", parenthesized(raw(obj.with_check))]
    return [join(parts)]


def _create_event_trigger(obj: EventTrigger, change: CreateObject) -> list[Statement]:
    parts: list[Statement | str] = ["create event trigger", ident(obj.name), "on", ident(obj.event)]
    if obj.tags:
        parts += ["when tag in", parenthesized(join([literal(t) for t in obj.tags], ", "))]
    parts += ["execute function", join([raw(obj.function), "()"], "")]
    result: list[Statement] = [join(parts)]
    if obj.enabled != "origin":
        result.append(join(["alter event trigger", ident(obj.name), TRIGGER_STATES[obj.enabled]]))
    return result


CREATORS: dict[type, Callable[[Any, CreateObject], list[Statement]]] = {
    Schema: _create_schema,
    Extension: _create_extension,
    Collation: _create_collation,
    EnumType: _create_enum,
    DomainType: _create_domain,
    CompositeType: _create_composite,
    RangeType: _create_range,
    Table: _create_table,
    Constraint: _create_constraint,
    Index: lambda obj, change: index_statements(obj),
    Sequence: _create_sequence,
    Function: _create_function,
    Aggregate: _create_aggregate,
    Trigger: _create_trigger,
    View: lambda obj, change: [create_view(obj), *view_column_settings(obj)],
    Rule: _create_rule,
    Policy: _create_policy,
    EventTrigger: _create_event_trigger,
    CatalogObject: lambda obj, change: create_catalog_object(obj),
}
