"""Read a database's catalog into a `Model`: one query per object kind (`queries/<kind>.sql`).

Everything is read in one transaction with an empty `search_path`, so that the server's
definition functions (`pg_get_viewdef`, `pg_get_expr`, `format_type`, ...) qualify every name:
the same object renders the same way in any database, which is what makes two models comparable.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Mapping
from collections.abc import Sequence as SequenceOf
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from ..db import server_version_num
from ..errors import PgshiftError
from ..queries import read_query
from ..sqltext import literal, qualified
from .census import ordered_unread
from .model import (
    KINDS,
    Aggregate,
    Attribute,
    Collation,
    Column,
    CompositeType,
    Constraint,
    DomainConstraint,
    DomainType,
    EnumType,
    EventTrigger,
    Extension,
    Function,
    Index,
    Model,
    ObjectKey,
    Policy,
    Privilege,
    RangeType,
    Rule,
    Schema,
    Sequence,
    Table,
    Trigger,
    View,
    ViewColumn,
)

# kind -> (class, catalog its oid lives in, nested JSON fields and their classes)
_KINDS: dict[str, tuple[type, str, dict[str, type]]] = {
    "schemas": (Schema, "pg_namespace", {}),
    "extensions": (Extension, "pg_extension", {}),
    "collations": (Collation, "pg_collation", {}),
    "enums": (EnumType, "pg_type", {}),
    "domains": (DomainType, "pg_type", {"constraints": DomainConstraint}),
    "composite_types": (CompositeType, "pg_type", {"attributes": Attribute}),
    "range_types": (RangeType, "pg_type", {}),
    "tables": (
        Table,
        "pg_class",
        {"columns": Column, "inherited_constraints": Constraint, "inherited_indexes": Index},
    ),
    "constraints": (Constraint, "pg_constraint", {}),
    "indexes": (Index, "pg_class", {}),
    "sequences": (Sequence, "pg_class", {}),
    "functions": (Function, "pg_proc", {}),
    "aggregates": (Aggregate, "pg_proc", {}),
    "triggers": (Trigger, "pg_trigger", {}),
    "views": (View, "pg_class", {"columns": ViewColumn}),
    "rules": (Rule, "pg_rewrite", {}),
    "policies": (Policy, "pg_policy", {}),
    "event_triggers": (EventTrigger, "pg_event_trigger", {}),
}
assert tuple(_KINDS) == KINDS

_Ref = tuple[str, int]  # (catalog, oid)

# The queries use catalog columns that PostgreSQL 13 introduced (pg_trigger.tgparentid).
MINIMUM_SERVER_VERSION = 130000


def load_model(conn: psycopg.Connection[Any], *, schemas: SequenceOf[str] | None = None) -> Model:
    """Read every non-system object of the connected database (or of `schemas`) into a Model.

    Objects an extension created are left out (the extension is listed). The connection may be
    inside a transaction (for example one using an exported snapshot): the reads then see that
    transaction's snapshot; otherwise they run in one repeatable-read, read-only transaction.
    """
    version = server_version_num(conn)
    if version < MINIMUM_SERVER_VERSION:
        raise PgshiftError(
            f"inspect needs PostgreSQL 13 or later; {conn.info.dbname} is on server version"
            f" {version // 10000}.{version % 10000}: upgrade it or inspect it with pg_dump"
        )
    # Every query gets both; a query that must differ between server versions tests the second.
    params = {
        "schemas": list(schemas) if schemas is not None else None,
        "server_version_num": version,
    }
    with _consistent_read(conn):
        rows = {kind: _fetch(conn, kind, params) for kind in KINDS}
        aliases = {
            (r["catalog"], r["oid"]): (r["alias_catalog"], r["alias_oid"])
            for r in _fetch(conn, "object_aliases", params)
        }
        dependencies = _fetch(conn, "dependencies", params)
        privileges = _fetch(conn, "privileges", params)
        revoked_from_owner = _fetch(conn, "revoked_from_owner", params)
        values = _read_sequence_values(conn, rows["sequences"])
        unread = {r["kind"]: r["count"] for r in _fetch(conn, "unread", params)}
    objects = _build_objects(rows, values)
    needs = _resolve_dependencies(dependencies, aliases, objects)
    grants: dict[_Ref, list[Privilege]] = defaultdict(list)
    for row in privileges:
        grants[(row.pop("catalog"), row.pop("oid"))].append(Privilege(**row))
    revoked: dict[_Ref, list[str]] = defaultdict(list)
    for row in revoked_from_owner:
        revoked[(row["catalog"], row["oid"])].append(row["privilege"])
    by_kind: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    for ref, obj in objects.items():
        facts: dict[str, Any] = {}
        if ref in needs:
            facts["depends_on"] = tuple(sorted(needs[ref]))
        if ref in grants:
            facts["privileges"] = tuple(sorted(grants[ref]))
        if ref in revoked:
            facts["revoked_from_owner"] = tuple(revoked[ref])
        by_kind[_kind_of(obj)].append(dataclasses.replace(obj, **facts) if facts else obj)
    return Model(
        **{k: tuple(items) for k, items in by_kind.items()},
        server_version_num=version,
        unread=ordered_unread(unread),
    )


def _build_objects(
    rows: dict[str, list[dict[str, Any]]], values: dict[int, tuple[int, bool]]
) -> dict[_Ref, Any]:
    """Model objects (without dependencies yet) by catalog and oid, in query order."""
    objects: dict[_Ref, Any] = {}
    for kind, kind_rows in rows.items():
        cls, catalog, nested = _KINDS[kind]
        for row in kind_rows:
            oid = row.pop("oid")
            if kind == "sequences":
                row["last_value"], row["is_called"] = values.get(oid, (None, None))
            objects[(catalog, oid)] = _build(cls, row, nested)
    return objects


def _kind_of(obj: Any) -> str:
    return next(kind for kind, (cls, _, _) in _KINDS.items() if isinstance(obj, cls))


def _fetch(
    conn: psycopg.Connection[Any], name: str, params: Mapping[str, object]
) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(read_query("inspect", name), params)
        return cur.fetchall()


@contextmanager
def _consistent_read(conn: psycopg.Connection[Any]) -> Iterator[None]:
    """Read in one snapshot with an empty search_path, leaving the session as it was.

    On an idle connection the reads get their own repeatable-read, read-only transaction, rolled
    back at the end (which also undoes the search_path). Inside the caller's transaction they use
    that transaction, and the search_path is put back.
    """
    Status = psycopg.pq.TransactionStatus
    own = conn.info.transaction_status == Status.IDLE
    if own and conn.autocommit:
        conn.execute("begin isolation level repeatable read read only")
    elif own:
        # psycopg has just opened a transaction for this statement: it comes first in it.
        conn.execute("set transaction isolation level repeatable read read only")
    row = conn.execute("select current_setting('search_path')").fetchone()
    old_path = row[0] if row else ""
    conn.execute("select set_config('search_path', '', false)")
    try:
        yield
    finally:
        if own and conn.autocommit:
            conn.execute("rollback")
        elif own:
            conn.rollback()
        elif conn.info.transaction_status == Status.INTRANS:
            conn.execute("select set_config('search_path', %s, false)", [old_path])


def _read_sequence_values(
    conn: psycopg.Connection[Any], sequences: list[dict[str, Any]]
) -> dict[int, tuple[int, bool]]:
    """Current `last_value` and `is_called` of every readable sequence, in one query."""
    parts = [
        sql.SQL("select {}::oid, last_value, is_called from {}").format(
            literal(row["oid"]), qualified(row["schema"], row["name"])
        )
        for row in sequences
        if row["readable"]
    ]
    for row in sequences:
        del row["readable"]
    if not parts:
        return {}
    rows = conn.execute(sql.SQL(" union all ").join(parts)).fetchall()
    return {oid: (last_value, is_called) for oid, last_value, is_called in rows}


def _build(cls: type, row: dict[str, Any], nested: dict[str, type]) -> Any:
    for name, value in row.items():
        if name in nested:
            row[name] = tuple(nested[name](**_tuples(item)) for item in value)
        elif isinstance(value, list):
            row[name] = tuple(value)
    return cls(**row)


def _tuples(item: dict[str, Any]) -> dict[str, Any]:
    """A nested JSON object's fields, lists made tuples (the model is frozen and hashable)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}


def _resolve_dependencies(
    dependencies: list[dict[str, Any]],
    aliases: dict[_Ref, _Ref],
    objects: dict[_Ref, Any],
) -> dict[_Ref, set[ObjectKey]]:
    """For each listed object, the keys of the other listed objects it needs."""

    def resolve(ref: _Ref) -> _Ref:
        for _ in range(4):  # alias chains are short: array -> row type -> table
            if ref in objects or ref not in aliases:
                break
            ref = aliases[ref]
        return ref

    needs: dict[_Ref, set[ObjectKey]] = defaultdict(set)
    for dep in dependencies:
        source = resolve((dep["catalog"], dep["oid"]))
        target = resolve((dep["referenced_catalog"], dep["referenced_oid"]))
        if source == target or source not in objects or target not in objects:
            continue
        dependent, needed = objects[source], objects[target]
        # A sequence owned by a column depends on its table automatically; the table (through
        # its default) depends on the sequence. Only the second orders creation.
        if isinstance(dependent, Sequence) and isinstance(needed, Table):
            continue
        needs[source].add(needed.key)
    return needs


def inspect_database(dsn: str, *, schemas: SequenceOf[str] | None = None) -> Model:
    """Connect to `dsn` (errors redact the password) and load its model."""
    from ..db import connect, describe_dsn, redact_dsn
    from ..errors import DatabaseError

    with connect(dsn) as conn:
        try:
            return load_model(conn, schemas=schemas)
        except psycopg.Error as exc:
            where = redact_dsn(describe_dsn(dsn))
            raise DatabaseError(
                f"could not inspect {where}: {redact_dsn(str(exc).strip())}",
                sqlstate=exc.sqlstate,
            ) from exc
