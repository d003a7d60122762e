"""Read a database's catalog into a `Model`: one query per object kind (`queries/<kind>.sql`).

Everything is read in one transaction with an empty `search_path`, so that the server's
definition functions (`pg_get_viewdef`, `pg_get_expr`, `format_type`, ...) qualify every name:
the same object renders the same way in any database, which is what makes two models comparable.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import queue
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping
from collections.abc import Sequence as SequenceOf
from contextlib import contextmanager
from typing import Any

import orjson
import psycopg
from psycopg import sql
from psycopg.rows import RowFactory, RowMaker, no_result, tuple_row
from psycopg.types.json import set_json_loads

from .._collector import collector_paused
from ..db import server_version_num
from ..errors import PgshiftError
from ..queries import read_query
from ..sqltext import literal, qualified
from .census import ordered_unread
from .model import (
    KINDS,
    Aggregate,
    Attribute,
    CatalogObject,
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
    "languages": (CatalogObject, "pg_language", {}),
    "access_methods": (CatalogObject, "pg_am", {}),
    "foreign_data_wrappers": (CatalogObject, "pg_foreign_data_wrapper", {}),
    "foreign_servers": (CatalogObject, "pg_foreign_server", {}),
    "user_mappings": (CatalogObject, "pg_user_mapping", {}),
    "operator_families": (CatalogObject, "pg_opfamily", {}),
    "operators": (CatalogObject, "pg_operator", {}),
    "operator_classes": (CatalogObject, "pg_opclass", {}),
    "casts": (CatalogObject, "pg_cast", {}),
    "transforms": (CatalogObject, "pg_transform", {}),
    "conversions": (CatalogObject, "pg_conversion", {}),
    "text_search_parsers": (CatalogObject, "pg_ts_parser", {}),
    "text_search_templates": (CatalogObject, "pg_ts_template", {}),
    "text_search_dictionaries": (CatalogObject, "pg_ts_dict", {}),
    "text_search_configurations": (CatalogObject, "pg_ts_config", {}),
    "foreign_tables": (CatalogObject, "pg_class", {}),
    "statistics": (CatalogObject, "pg_statistic_ext", {}),
    "publications": (CatalogObject, "pg_publication", {}),
    "subscriptions": (CatalogObject, "pg_subscription", {}),
    "default_privileges": (CatalogObject, "pg_default_acl", {}),
}
assert tuple(_KINDS) == KINDS

_Ref = tuple[str, int]  # (catalog, oid)

# The queries use catalog columns that PostgreSQL 13 introduced (pg_trigger.tgparentid).
MINIMUM_SERVER_VERSION = 130000

# Queries with a variant for newer servers, whose catalog columns older ones lack (and that
# to_jsonb cannot stand in for): name -> (server_version_num, variant).
_NEWER = {"publications": (150000, "publications_15")}

# Options (of foreign-data wrappers, servers, user mappings, foreign tables and their columns)
# whose name says they hold a secret: never read, only named (`CatalogObject.secret_options`).
# Matched case-insensitively by the queries (`%(secret_option)s`).
SECRET_OPTION = (
    r"((pass(word|wd|phrase)?|pwd)$|secret|token|credential|(api|private|access|encryption)_?key$)"
)


@collector_paused()
def load_model(
    conn: psycopg.Connection[Any],
    *,
    schemas: SequenceOf[str] | None = None,
    second_dsn: str | None = None,
) -> Model:
    """Read every non-system object of the connected database (or of `schemas`) into a Model.

    Objects an extension created are left out (the extension is listed). The connection may be
    inside a transaction (for example one using an exported snapshot): the reads then see that
    transaction's snapshot; otherwise they run in one repeatable-read, read-only transaction.

    With `second_dsn` (the same database) and an idle `conn`, about half of the queries run at
    the same time on a second connection that imports the first one's snapshot; where that
    cannot be had (the server refuses to export it, the connection fails), all run on `conn`.
    """
    version = server_version_num(conn)
    if version < MINIMUM_SERVER_VERSION:
        raise PgshiftError(
            f"inspect needs PostgreSQL 13 or later; {conn.info.dbname} is on server version"
            f" {version // 10000}.{version % 10000}: upgrade it or inspect it with pg_dump"
        )
    # Every query gets them all; a query that must differ between server versions tests the
    # second, or has a variant for newer servers (`_NEWER`).
    params = {
        "schemas": list(schemas) if schemas is not None else None,
        "server_version_num": version,
        "secret_option": SECRET_OPTION,
    }
    objects: dict[_Ref, Any] = {}
    by_kind: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    facts: dict[str, list[Any]] = {}
    values: list[tuple[int, Any, Any]] = []
    with (
        _consistent_read(conn, export=second_dsn is not None) as snapshot,
        _second_reader(second_dsn, snapshot) as second,
    ):
        # Subscriptions' connection strings are readable only by some roles; for others the
        # census counts them (unread.sql asks the same question). Asked before the queries:
        # then the connection is theirs.
        unreadable = () if _may_read_subscriptions(conn) else ("subscriptions",)
        with _Queries(conn, params, second) as queries:
            # Every query is sent at once; each kind is built as its rows come, while the
            # server runs the next queries.
            for name in (*KINDS, *_FACTS):
                if name not in unreadable:
                    newer, variant = _NEWER.get(name, (0, name))
                    queries.send(
                        name,
                        read_query("inspect", variant if version >= newer else name),
                        row_factory=tuple_row if name in _TUPLES else _dict_row,
                    )
                if name == "sequences" and version >= _SEQUENCE_DATA_SINCE:
                    queries.send(
                        _SEQUENCE_VALUES,
                        read_query("inspect", "sequence_values"),
                        row_factory=tuple_row,
                    )
            for name, rows in queries.completed():
                if name.startswith(_SEQUENCE_VALUES):
                    values.extend(rows)
                elif name in _FACTS:
                    facts[name] = rows
                else:
                    if name == "sequences" and version < _SEQUENCE_DATA_SINCE:
                        _send_sequence_values(queries, rows)
                    _build_objects(name, rows, objects, by_kind[name])
    _add_sequence_values(values, objects)
    _add_dependencies(facts["dependencies"], objects)
    _add_privileges(facts["privileges"], facts["revoked_from_owner"], objects)
    return Model(
        **{kind: tuple(items) for kind, items in by_kind.items()},
        server_version_num=version,
        unread=ordered_unread(dict(facts["unread"])),
    )


# Read after the objects; the dependencies (tens of thousands of rows) as tuples.
_FACTS = ("dependencies", "privileges", "revoked_from_owner", "unread")
_TUPLES = ("dependencies", "unread")


def _build_objects(
    kind: str, rows: list[dict[str, Any]], objects: dict[_Ref, Any], built: list[Any]
) -> None:
    """Add the objects of one kind (without dependencies yet) to `objects`, by catalog and oid,
    and to `built`, in query order."""
    cls, catalog, nested = _KINDS[kind]
    for row in rows:
        ref = (catalog, row.pop("oid"))
        row.pop("readable", None)  # a sequence's: used by _send_sequence_values
        objects[ref] = obj = _build(cls, row, nested)
        built.append(obj)


# The objects are set in place by the `_add_*` functions below, as `dataclasses.replace` would
# copy them at several times the cost: only objects just built here and shared with no one, and
# fields that are not compared, so their hash is unchanged.
_set = object.__setattr__


def _add_sequence_values(values: list[tuple[int, Any, Any]], objects: dict[_Ref, Any]) -> None:
    """The current `last_value` and `is_called` of each sequence read (None where not)."""
    for oid, last_value, is_called in values:
        sequence = objects.get(("pg_class", oid))
        if isinstance(sequence, Sequence):
            _set(sequence, "last_value", last_value)
            _set(sequence, "is_called", is_called)


def _add_dependencies(
    dependencies: list[tuple[str, int, list[str], list[int]]], objects: dict[_Ref, Any]
) -> None:
    """Each listed object's `depends_on`: the keys of the other listed objects it needs, from
    dependencies.sql's rows (an object, and the catalogs and oids of what it needs)."""
    get = objects.get
    for catalog, oid, referenced_catalogs, referenced_oids in dependencies:
        dependent = get((catalog, oid))
        if dependent is None:  # a not-null constraint, a TOAST table's index...
            continue
        keys = set()
        for referenced in zip(referenced_catalogs, referenced_oids, strict=True):
            needed = get(referenced)
            # A sequence owned by a column depends on its table automatically; the table
            # (through its default) depends on the sequence. Only the second orders creation.
            if needed is not None and not (type(needed) is Table and type(dependent) is Sequence):
                keys.add(needed.key)
        if keys:
            _set(dependent, "depends_on", tuple(sorted(keys)))


def _add_privileges(
    privileges: list[dict[str, Any]],
    revoked_from_owner: list[dict[str, Any]],
    objects: dict[_Ref, Any],
) -> None:
    """Each object's privileges granted to others, and those its owner took from itself."""
    grants: dict[_Ref, list[Privilege]] = defaultdict(list)
    for row in privileges:
        grants[(row.pop("catalog"), row.pop("oid"))].append(Privilege(**row))
    for ref, granted in grants.items():
        if ref in objects:
            _set(objects[ref], "privileges", tuple(sorted(granted)))
    revoked: dict[_Ref, list[str]] = defaultdict(list)
    for row in revoked_from_owner:
        revoked[(row["catalog"], row["oid"])].append(row["privilege"])
    for ref, taken in revoked.items():
        if ref in objects:
            _set(objects[ref], "revoked_from_owner", tuple(taken))


# With a second connection these run on it: about half of the server's work on 3,000 tables
# (the tables, the costliest, run on the first meanwhile), and before PostgreSQL 18 the sequence
# values (`_SEQUENCE_VALUES <start>`: asked for late, as they need the sequences' rows, and so
# run sooner here). The rest on the first.
_ON_SECOND = frozenset(("indexes", "views", "dependencies"))


def _on_second(name: str) -> bool:
    return name in _ON_SECOND or name.startswith(f"{_SEQUENCE_VALUES} ")


class _Queries:
    """Queries sent ahead and run one after another by a worker thread per connection, which
    only waits for each query's result; `completed()` turns the rows into Python in the caller's
    thread meanwhile, so the server runs each connection's next query while the last one's rows
    are converted and built into objects. Leaving the block drops the queries not started and
    waits for those the server is running.
    """

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        params: Mapping[str, object],
        second: psycopg.Connection[Any] | None = None,
    ) -> None:
        self._results: queue.SimpleQueue[tuple[str, psycopg.Cursor[Any] | BaseException]] = (
            queue.SimpleQueue()
        )
        self._workers = [_Runner(c, params, self._results) for c in (conn, second) if c is not None]
        self._pending: set[str] = set()

    def __enter__(self) -> _Queries:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            worker.close()

    def send(self, name: str, query: sql.Composed | str, *, row_factory: RowFactory[Any]) -> None:
        """Run `query` with the parameters; `completed()` gives its rows under `name`."""
        self._pending.add(name)
        self._workers[-1 if _on_second(name) else 0].send(name, query, row_factory)

    def completed(self) -> Iterator[tuple[str, list[Any]]]:
        """The name and rows of every query sent, as each finishes, including the queries sent
        while this is read. The first query to fail raises its error here."""
        while self._pending:
            name, done = self._results.get()
            if isinstance(done, BaseException):
                raise done
            self._pending.discard(name)
            with done:
                rows = done.fetchall()  # a result already received: the connection is free
            yield name, rows


class _Runner:
    """One connection's worker thread: it runs the queries sent, in order, and puts each
    cursor, its result received, on `results`."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        params: Mapping[str, object],
        results: queue.SimpleQueue[tuple[str, psycopg.Cursor[Any] | BaseException]],
    ) -> None:
        self._conn = conn
        self._params = params
        self._results = results
        self._inbox: queue.SimpleQueue[tuple[str, sql.Composed | str, RowFactory[Any]] | None]
        self._inbox = queue.SimpleQueue()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="pgshift-inspect", daemon=True)
        self._thread.start()

    def send(self, name: str, query: sql.Composed | str, row_factory: RowFactory[Any]) -> None:
        self._inbox.put((name, query, row_factory))

    def close(self) -> None:
        """Drop the queries not started yet and wait for the one running, if any: leaving early
        (an error, Ctrl-C) must not run the rest, nor leave a thread using the connection."""
        self._closing = True
        with contextlib.suppress(queue.Empty):
            while True:
                self._inbox.get_nowait()
        self._inbox.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (sent := self._inbox.get()) is not None and not self._closing:
            name, query, row_factory = sent
            cur = self._conn.cursor(row_factory=row_factory)
            # The nested lists (a table's columns...) parsed by orjson, several times as fast
            # as the standard library; on this cursor only, not the caller's connection.
            set_json_loads(orjson.loads, cur)
            try:
                cur.execute(query, self._params)
            except BaseException as exc:  # for completed() to raise, in the caller's thread
                cur.close()
                self._results.put((name, exc))
                return
            self._results.put((name, cur))


@contextmanager
def _second_reader(
    dsn: str | None, snapshot: str | None
) -> Iterator[psycopg.Connection[Any] | None]:
    """A second connection to `dsn` reading in the exported `snapshot`, with an empty
    search_path; None without them or when the connection cannot be had."""
    if dsn is None or snapshot is None:
        yield None
        return
    from ..db import connect

    second = None
    try:
        second = connect(dsn)
        second.execute("begin isolation level repeatable read read only")
        second.execute(sql.SQL("set transaction snapshot {}").format(sql.Literal(snapshot)))
        second.execute(_OWN_TRANSACTION_SETTINGS)
        second.execute("select set_config('search_path', '', false)")
    except (psycopg.Error, PgshiftError):
        if second is not None:
            second.close()
        second = None
    try:
        yield second
    finally:
        if second is not None:
            second.close()


def _may_read_subscriptions(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute(
        "select has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'select')"
    ).fetchone()
    return bool(row and row[0])


# For the transaction only (set_config's third argument: as SET LOCAL). Either connection of two
# may wait for the other, idle in its transaction, longer than a server's
# idle_in_transaction_session_timeout allows. And dependencies.sql's joins of tens of thousands of
# pg_depend rows to their aliases run a fifth faster as hash joins, which the planner underrates
# against merge joins over CTE scans (measured on 3,000 tables; no other query's time changes).
_OWN_TRANSACTION_SETTINGS = (
    "select set_config('idle_in_transaction_session_timeout', '0', true),"
    " set_config('enable_mergejoin', 'off', true)"
)


@contextmanager
def _consistent_read(
    conn: psycopg.Connection[Any], *, export: bool = False
) -> Iterator[str | None]:
    """Read in one snapshot with an empty search_path, leaving the session as it was.

    On an idle connection the reads get their own repeatable-read, read-only transaction, rolled
    back at the end (which also undoes the search_path). Inside the caller's transaction they use
    that transaction, and the search_path is put back. With `export`, an idle autocommit
    connection's snapshot is exported and its name yielded (None otherwise, or if the server
    refuses: a snapshot is exported only as a transaction's first statement, not from a
    savepoint, so a refusal starts the transaction again).
    """
    Status = psycopg.pq.TransactionStatus
    own = conn.info.transaction_status == Status.IDLE
    snapshot = None
    begin = "begin isolation level repeatable read read only"
    if own and conn.autocommit:
        conn.execute(begin)
        if export:
            try:
                row = conn.execute("select pg_export_snapshot()").fetchone()
                snapshot = row[0] if row else None
            except psycopg.Error:
                conn.execute("rollback")
                conn.execute(begin)
    elif own:
        # psycopg has just opened a transaction for this statement: it comes first in it.
        conn.execute("set transaction isolation level repeatable read read only")
    if own:
        conn.execute(_OWN_TRANSACTION_SETTINGS)
    row = conn.execute("select current_setting('search_path')").fetchone()
    old_path = row[0] if row else ""
    conn.execute("select set_config('search_path', '', false)")
    try:
        yield snapshot
    finally:
        if own and conn.autocommit:
            conn.execute("rollback")
        elif own:
            conn.rollback()
        elif conn.info.transaction_status == Status.INTRANS:
            conn.execute("select set_config('search_path', %s, false)", [old_path])


# pg_get_sequence_data() (PostgreSQL 18) reads every sequence in one call each, in a query sent
# with the others (sequence_values.sql); before it, each sequence is a relation to select from,
# this many to a query, named by the sequences' rows.
_SEQUENCE_DATA_SINCE = 180000
_SEQUENCES_PER_QUERY = 500
_SEQUENCE_VALUES = "sequence values"


def _send_sequence_values(queries: _Queries, sequences: list[dict[str, Any]]) -> None:
    """Before PostgreSQL 18: send the queries reading the current `last_value` and `is_called`
    of every readable sequence of `sequences` (named `_SEQUENCE_VALUES`...)."""
    readable = [row for row in sequences if row["readable"]]
    for start in range(0, len(readable), _SEQUENCES_PER_QUERY):
        chunk = readable[start : start + _SEQUENCES_PER_QUERY]
        query = sql.SQL(" union all ").join(
            sql.SQL("select {}::oid, last_value, is_called from {}").format(
                literal(row["oid"]), qualified(row["schema"], row["name"])
            )
            for row in chunk
        )
        queries.send(f"{_SEQUENCE_VALUES} {start}", query, row_factory=tuple_row)


def _build(cls: type, row: dict[str, Any], nested: dict[str, type]) -> Any:
    for name in _tuple_fields(cls):
        value = row.get(name)
        if type(value) is list:  # an array, or a JSON list (of nested objects)
            of = nested.get(name)
            row[name] = tuple(value) if of is None else _build_all(of, value)
    return cls(**row)


def _build_all(cls: type, items: list[dict[str, Any]]) -> tuple[Any, ...]:
    """The nested objects of a JSON list (a table's columns...). Where the query wrote every
    field, in the class's order (every item of a list has its first item's keys), they are
    passed by position: by name costs twice as much, as keys parsed from JSON are not interned
    and so are matched to the parameters by comparing strings."""
    if not items or tuple(items[0]) != _field_names(cls):
        return tuple([_build(cls, item, {}) for item in items])
    at = _tuple_positions(cls)
    built = []
    for item in items:
        values = list(item.values())
        for i in at:
            if type(values[i]) is list:
                values[i] = tuple(values[i])
        built.append(cls(*values))
    return tuple(built)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.cache
def _tuple_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model class that hold tuples (the model is frozen and hashable): what
    the rows give as lists (arrays, JSON lists)."""
    return tuple(f.name for f in dataclasses.fields(cls) if str(f.type).startswith("tuple["))


@functools.cache
def _tuple_positions(cls: type) -> tuple[int, ...]:
    return tuple(_field_names(cls).index(name) for name in _tuple_fields(cls))


def _dict_row(cursor: psycopg.Cursor[Any]) -> RowMaker[dict[str, Any]]:
    """psycopg's dict_row with the column names interned, as the model's parameter names are:
    passed by name, they are then matched to the parameters by identity."""
    if cursor.description is None:
        return no_result
    names = [sys.intern(column.name) for column in cursor.description]

    def make(values: SequenceOf[Any]) -> dict[str, Any]:
        return dict(zip(names, values, strict=True))

    return make


def inspect_database(
    dsn: str, *, schemas: SequenceOf[str] | None = None, connections: int = 1
) -> Model:
    """Connect to `dsn` (errors redact the password) and load its model, on two connections
    sharing a snapshot when `connections` is 2 (faster where a core is free for the second)."""
    from ..db import connect, describe_dsn, redact_dsn
    from ..errors import DatabaseError

    with connect(dsn) as conn:
        try:
            second = dsn if connections > 1 else None
            return load_model(conn, schemas=schemas, second_dsn=second)
        except psycopg.Error as exc:
            where = redact_dsn(describe_dsn(dsn))
            raise DatabaseError(
                f"could not inspect {where}: {redact_dsn(str(exc).strip())}",
                sqlstate=exc.sqlstate,
            ) from exc
