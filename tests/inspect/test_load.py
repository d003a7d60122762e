"""load_model against a real database holding one of every object kind."""

from __future__ import annotations

import dataclasses
import gc
import threading
from pathlib import Path

import psycopg
import pytest

from pgshift.inspect import Model, load_model, model_to_json
from pgshift.inspect.model import ObjectKey

EVERYTHING = (Path(__file__).parent / "everything.sql").read_text()


@pytest.fixture(scope="module")
def everything(pg):
    """One database holding EVERYTHING, shared by the tests that only read it."""
    name = pg.create_database()
    with pg.connect(name) as conn:
        conn.execute(EVERYTHING)
    yield pg.dsn(name)
    pg.drop_database(name)


@pytest.fixture(scope="module")
def model(everything) -> Model:
    with psycopg.connect(everything, autocommit=True) as conn:
        return load_model(conn)


def names(objects) -> list[str]:
    return [o.key.describe() for o in objects]


def test_empty_database_has_only_public_and_plpgsql(conn):
    model = load_model(conn)
    assert [s.name for s in model.schemas] == ["public"]
    assert [e.name for e in model.extensions] == ["plpgsql"]
    assert model.objects() == (*model.schemas, *model.extensions)


def test_every_kind_is_listed(model):
    assert [s.name for s in model.schemas] == ["Mixed Case-Schema", "app", "public"]
    assert [(e.name, e.schema) for e in model.extensions] == [
        ("citext", "public"),
        ("plpgsql", "pg_catalog"),
    ]
    assert names(model.enums) == ["type app.mood"]
    assert model.enums[0].labels == ("sad", "ok", "happy")
    assert [(d.name, d.base_type, d.not_null, d.default) for d in model.domains] == [
        ("email", "public.citext", False, None),
        ("positive", "integer", True, "1"),
    ]
    assert [(a.name, a.type, a.collation) for a in model.composite_types[0].attributes] == [
        ("left_value", "integer", None),
        ("Right Value", "text", 'pg_catalog."C"'),
    ]
    assert names(model.tables) == [
        'table "Mixed Case-Schema"."Order Lines"',
        "table app.audit_log",
        "table app.labels",
        "table app.users",
    ]
    assert [(c.name, c.provider, c.lc_collate, c.comment) for c in model.collations] == [
        ("Byte Order", "libc", "C", "by bytes")
    ]
    assert ObjectKey("collation", "app", "Byte Order") in model.tables[2].depends_on
    assert [(r.key.describe(), r.event) for r in model.rules] == [
        ("rule happy_users_insert on app.happy_users", "insert"),
        ("rule labels_no_delete on app.labels", "delete"),
    ]
    assert model.rules[1].definition == (
        "CREATE RULE labels_no_delete AS\n    ON DELETE TO app.labels DO INSTEAD NOTHING"
    )
    assert ObjectKey("table", "app", "labels") in model.rules[0].depends_on
    assert [(e.name, e.event, e.tags, e.function) for e in model.event_triggers] == [
        ("Note DDL", "ddl_command_end", ("CREATE TABLE",), "app.note_ddl")
    ]
    assert names(model.views) == [
        "view app.happy_user_count",
        "view app.happy_users",
        "view app.user_moods",
    ]
    assert [v.materialized for v in model.views] == [False, False, True]
    assert names(model.policies) == [
        "policy users_no_delete on app.users",
        "policy users_self on app.users",
    ]


def test_columns_carry_defaults_identity_generation_and_comments(model):
    users = next(t for t in model.tables if t.name == "users")
    by_name = {c.name: c for c in users.columns}
    assert [c.name for c in users.columns][:3] == ["id", "email", "mood"]
    assert by_name["id"].identity == "by default"
    assert by_name["mood"].default == "'ok'::app.mood"
    assert (by_name["name_length"].generated, by_name["name_length"].generated_kind) == (
        "length(name)",
        "stored",
    )
    assert by_name["name_length"].default is None
    assert by_name["email"].comment == "where to write"
    assert by_name["name"].collation == 'pg_catalog."C"'
    assert users.row_security and users.comment == "people"


def test_columns_carry_their_settings(model, conn):
    users = next(t for t in model.tables if t.name == "users")
    by_name = {c.name: c for c in users.columns}
    settings = [(c.statistics, c.storage, c.options) for c in (by_name["data"], by_name["avatar"])]
    assert settings == [(250, None, ()), (None, "external", ())]
    assert by_name["tags"].options == ("n_distinct=-0.2", "n_distinct_inherited=50")
    assert (by_name["avatar"].type_storage, by_name["name"].storage) == ("extended", None)
    new_enough = conn.info.server_version >= 140000
    assert by_name["avatar"].compression == ("pglz" if new_enough else None)
    lines = next(t for t in model.tables if t.name == "Order Lines")
    assert [c.statistics for c in lines.columns] == [None, None, 0]


def test_tables_carry_replica_identity_and_cluster_index(model):
    marks = {
        t.name: (t.replica_identity, t.replica_identity_index, t.cluster_on) for t in model.tables
    }
    assert marks == {
        "Order Lines": ("default", None, "Order Lines_pkey"),
        "audit_log": ("full", None, None),
        "labels": ("default", None, None),
        "users": ("index", "users_pkey", "users_lower_name"),
    }


def test_a_replica_identity_whose_index_was_dropped_reads_as_nothing(conn):
    conn.execute(
        "create table t (id integer not null); create unique index t_id on t (id);"
        "alter table t replica identity using index t_id; drop index t_id"
    )
    (table,) = load_model(conn).tables
    assert (table.replica_identity, table.replica_identity_index) == ("nothing", None)


def test_a_partition_keeps_what_it_has_from_its_parent_apart(conn):
    conn.execute(
        "create table events (id integer, at date, constraint positive check (id > 0),"
        " primary key (id, at)) partition by range (at);"
        "create index events_at on events (at);"
        "create table events_2025 partition of events"
        " for values from ('2025-01-01') to ('2026-01-01');"
        "create index events_2025_id on events_2025 (id)"
    )
    model = load_model(conn)
    partition = next(t for t in model.tables if t.name == "events_2025")
    assert [(c.name, c.type, c.definition) for c in partition.inherited_constraints] == [
        ("events_2025_pkey", "primary key", "PRIMARY KEY (id, at)"),
        ("positive", "check", "CHECK ((id > 0))"),
    ]
    assert [(i.table, i.name) for i in partition.inherited_indexes] == [
        ("events_2025", "events_2025_at_idx")
    ]
    # Not listed on their own (the partition's own index is), and not part of its definition.
    assert [(c.table, c.name) for c in model.constraints] == [
        ("events", "events_pkey"),
        ("events", "positive"),
    ]
    assert [i.name for i in model.indexes] == ["events_2025_id", "events_at"]
    assert partition == dataclasses.replace(partition, inherited_constraints=())


def test_what_an_owner_revoked_from_itself(conn):
    conn.execute(
        "create table t (id integer); create view v as select 1 as one;"
        "create function f() returns integer language sql as 'select 1';"
        "revoke delete, truncate on t from current_user; revoke all on v from current_user;"
        "revoke execute on function f() from current_user; grant select on t to pg_monitor"
    )
    model = load_model(conn)
    table, view, function = model.tables[0], model.views[0], model.functions[0]
    assert table.revoked_from_owner == ("DELETE", "TRUNCATE")
    assert [p.grantee for p in table.privileges] == ["pg_monitor"]
    assert {"SELECT", "INSERT", "UPDATE", "DELETE"} <= set(view.revoked_from_owner)
    assert function.revoked_from_owner == ("EXECUTE",)
    # Like the privileges, a fact compared only when asked.
    assert table == dataclasses.replace(table, revoked_from_owner=())


def test_constraints_and_indexes_are_told_apart(model):
    kinds = {(c.table, c.name): c.type for c in model.constraints}
    assert kinds[("users", "users_pkey")] == "primary key"
    assert kinds[("users", "users_email_key")] == "unique"
    assert kinds[("Order Lines", "Order Lines_User Id_fkey")] == "foreign key"
    fkey = next(c for c in model.constraints if c.type == "foreign key")
    assert fkey.definition.endswith("DEFERRABLE INITIALLY DEFERRED")
    # A constraint's index belongs to the constraint; a unique index on its own is an index.
    index_names = [i.name for i in model.indexes]
    assert "users_pkey" not in index_names
    assert "users_name_unique" in index_names
    partial = next(i for i in model.indexes if i.name == "Order Lines By User")
    assert partial.definition.endswith('WHERE ("Quantity" > 1)')


def test_sequences_carry_options_owner_and_current_value(model):
    by_name = {s.name: s for s in model.sequences}
    tickets = by_name["ticket_numbers"]
    assert (tickets.data_type, tickets.increment, tickets.minimum, tickets.maximum) == (
        "integer",
        5,
        10,
        1000,
    )
    assert tickets.cycle and tickets.owned_by_table is None
    assert (tickets.last_value, tickets.is_called) == (15, True)
    serial = by_name["audit_log_id_seq"]
    assert (serial.data_type, serial.owned_by_table, serial.owned_by_column) == (
        "integer",
        "audit_log",
        "id",
    )
    assert (serial.last_value, serial.is_called, serial.identity) == (1, False, False)
    assert by_name["users_id_seq"].identity


def test_sequence_values_are_not_part_of_the_definition(model, conn):
    conn.execute(EVERYTHING)
    conn.execute("select nextval('app.ticket_numbers')")
    again = load_model(conn)
    assert again.sequences == model.sequences
    tickets = next(s for s in again.sequences if s.name == "ticket_numbers")
    assert tickets.last_value == 20


def test_sequence_values_without_pg_get_sequence_data(everything, model, monkeypatch):
    """Before PostgreSQL 18 the values are selected from each sequence, many to a query."""
    from pgshift.inspect import load

    monkeypatch.setattr(load, "_SEQUENCE_DATA_SINCE", 10**9)
    monkeypatch.setattr(load, "_SEQUENCES_PER_QUERY", 2)
    with psycopg.connect(everything, autocommit=True) as conn:
        older = load_model(conn)
    values = [(s.name, s.last_value, s.is_called) for s in model.sequences]
    assert [(s.name, s.last_value, s.is_called) for s in older.sequences] == values
    assert len(values) > 2 and all(last is not None for _, last, _ in values)


@pytest.mark.parametrize("sequence_data", [True, False], ids=["pg_get_sequence_data", "select"])
def test_a_sequence_the_role_may_not_read_has_no_value(pg, database, monkeypatch, sequence_data):
    """A role without SELECT on a sequence lists it, without its current value; the one it
    may read has its value (a non-superuser: a superuser may read every sequence)."""
    from pgshift.inspect import load

    if not sequence_data:
        monkeypatch.setattr(load, "_SEQUENCE_DATA_SINCE", 10**9)
    with pg.connect() as admin:
        admin.execute("drop role if exists pgshift_sequence_reader")
        admin.execute("create role pgshift_sequence_reader login")
    try:
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(
                "create sequence open_seq; create sequence closed_seq;"
                " select nextval('open_seq'), nextval('open_seq'), nextval('closed_seq');"
                " grant select on sequence open_seq to pgshift_sequence_reader"
            )
        reader = database.replace("postgres@", "pgshift_sequence_reader@", 1)
        with psycopg.connect(reader, autocommit=True) as conn:
            model = load_model(conn)
        assert [(s.name, s.last_value, s.is_called) for s in model.sequences] == [
            ("closed_seq", None, None),
            ("open_seq", 2, True),
        ]
    finally:
        with psycopg.connect(database, autocommit=True) as admin:
            admin.execute("drop owned by pgshift_sequence_reader")
            admin.execute("drop role pgshift_sequence_reader")


def test_the_number_of_queries_does_not_grow_with_the_objects(conn, monkeypatch):
    """One query per kind (and a few more), whatever the number of tables and sequences:
    nothing is read object by object."""
    executed: list[object] = []
    execute = psycopg.Cursor.execute

    def counting(self, query, *args, **kwargs):
        executed.append(query)
        return execute(self, query, *args, **kwargs)

    def queries() -> int:
        executed.clear()
        monkeypatch.setattr(psycopg.Cursor, "execute", counting)
        try:
            load_model(conn)
        finally:
            monkeypatch.setattr(psycopg.Cursor, "execute", execute)
        return len(executed)

    conn.execute("create table t0 (id serial primary key, parent int references t0)")
    few = queries()
    for n in range(1, 40):
        conn.execute(f"create table t{n} (id serial primary key, parent int references t0)")
        conn.execute(f"create view v{n} as select id from t{n}")
    assert queries() == few


def test_the_collector_does_not_walk_the_model_being_built(everything, model):
    """Python's cycle collector is paused while a model (or its JSON) is built: its passes
    would walk every object built so far, again and again (see _collector.py)."""
    passes: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(note)
    try:
        with psycopg.connect(everything, autocommit=True) as conn:
            model_to_json(load_model(conn))
    finally:
        gc.callbacks.remove(note)
    assert passes == []
    assert gc.isenabled()


@pytest.mark.parametrize("freeze", [True, False])
def test_what_a_pause_built_is_frozen_only_in_a_short_lived_process(freeze):
    """The CLI's own process (`entry()`) freezes what a pause built when it ends, so the
    collector's next passes do not walk it; a library caller's process keeps it in sight."""
    import subprocess
    import sys

    script = (
        "import gc; from pgshift import _collector as c\n"
        + ("c.freeze_on_resume()\n" if freeze else "")
        + "before = gc.get_freeze_count()\n"
        "with c.collector_paused():\n"
        "    kept = [[i] for i in range(10000)]\n"
        "print(gc.get_freeze_count() - before >= 10000, gc.isenabled())\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.stdout.split() == [str(freeze), "True"], run.stderr


def test_functions_are_identified_by_signature(model):
    assert [(f.kind, f.name, f.signature) for f in model.functions] == [
        ("function", "log_user", ""),
        ("function", "note_ddl", ""),
        ("function", "swap", "p app.pair"),
        ("function", "total", "VARIADIC numbers integer[]"),
        ("procedure", "touch", "IN user_id bigint"),
    ]
    total = next(f for f in model.functions if f.name == "total")
    assert total.definition.startswith("CREATE OR REPLACE FUNCTION app.total(VARIADIC numbers")
    assert total.comment == "adds numbers"
    assert total.key == ObjectKey(
        "function", "app", "total", signature="VARIADIC numbers integer[]"
    )


def test_aggregates_are_listed_apart_from_functions(model):
    (product,) = model.aggregates
    assert (product.name, product.signature, product.sfunc, product.stype, product.initcond) == (
        "product",
        "integer",
        "int4mul",
        "integer",
        "1",
    )
    assert product.key == ObjectKey("function", "app", "product", signature="integer")
    assert product.comment == "multiplies"


def test_extension_objects_are_left_out(model):
    # citext creates functions, types and operators in public: none is listed.
    assert [f for f in model.functions if f.schema == "public"] == []
    assert (
        ObjectKey("extension", "", "citext")
        in next(d for d in model.domains if d.name == "email").depends_on
    )


def test_triggers_and_views_carry_definitions_and_dependencies(model):
    (trigger,) = model.triggers
    assert trigger.definition == (
        "CREATE TRIGGER users_audit AFTER INSERT ON app.users FOR EACH ROW"
        " EXECUTE FUNCTION app.log_user()"
    )
    assert trigger.comment == "writes audit_log"
    assert ObjectKey("function", "app", "log_user") in trigger.depends_on
    count = next(v for v in model.views if v.name == "happy_user_count")
    assert ObjectKey("view", "app", "happy_users") in count.depends_on
    assert count.definition.strip() == "SELECT count(*) AS n\n   FROM app.happy_users"


def test_schema_filter(everything):
    with psycopg.connect(everything) as conn:
        filtered = load_model(conn, schemas=["Mixed Case-Schema"])
    assert [s.name for s in filtered.schemas] == ["Mixed Case-Schema"]
    assert names(filtered.tables) == ['table "Mixed Case-Schema"."Order Lines"']
    assert filtered.functions == () and filtered.extensions == ()


def test_load_keeps_the_callers_session(everything, model):
    with psycopg.connect(everything, autocommit=True) as conn:
        conn.execute("set search_path = app, public")
        assert load_model(conn) == model
        assert conn.execute("show search_path").fetchone() == ("app, public",)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_load_on_an_idle_connection_without_autocommit(everything, model):
    with psycopg.connect(everything) as conn:
        conn.execute("set search_path = app")
        conn.commit()
        assert load_model(conn) == model
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert conn.execute("show search_path").fetchone() == ("app",)


def test_load_inside_a_callers_transaction(everything, model):
    with psycopg.connect(everything) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.execute("set search_path = app")
        inside = load_model(conn)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        assert conn.execute("show search_path").fetchone() == ("app",)
        conn.rollback()
    assert inside == model


def test_model_to_json(model):
    data = model_to_json(model)
    assert data["server_version_num"] >= 130000
    users = next(t for t in data["tables"] if t["name"] == "users")
    assert users["columns"][0]["name"] == "id"
    assert users["owner"] == "postgres"
    ticket = next(s for s in data["sequences"] if s["name"] == "ticket_numbers")
    assert (ticket["last_value"], ticket["is_called"]) == (15, True)
    assert (
        "view app.happy_users"
        in next(v for v in data["views"] if v["name"] == "happy_user_count")["depends_on"]
    )


def test_two_connections_read_what_one_reads(everything, model):
    """With a second connection, about half the queries run on it: every field (dependencies,
    privileges, sequence values included) is what one connection reads."""
    with psycopg.connect(everything, autocommit=True) as conn:
        two = load_model(conn, second_dsn=everything)
    assert model_to_json(two) == model_to_json(model)


def test_the_second_connection_reads_the_first_ones_snapshot(everything, model, monkeypatch):
    """A view made by another session after the first connection's snapshot was taken, before
    the second connection starts, is in neither one's snapshot: without the exported snapshot
    the second connection (which reads views) would list it."""
    from pgshift.inspect import load

    second_reader = load._second_reader

    def making_a_view_first(dsn, snapshot):
        with psycopg.connect(everything, autocommit=True) as other:
            other.execute("create view public.made_meanwhile as select 1 as one")
        return second_reader(dsn, snapshot)

    monkeypatch.setattr(load, "_second_reader", making_a_view_first)
    try:
        with psycopg.connect(everything, autocommit=True) as conn:
            two = load_model(conn, second_dsn=everything)
            assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
            listed = conn.execute("select count(*) from pg_views where viewname = 'made_meanwhile'")
            assert listed.fetchone() == (1,)
    finally:
        with psycopg.connect(everything, autocommit=True) as other:
            other.execute("drop view if exists public.made_meanwhile")
    assert model_to_json(two) == model_to_json(model)


def test_a_second_connection_that_fails_leaves_the_read_on_the_first(everything, model, pg):
    with psycopg.connect(everything, autocommit=True) as conn:
        one = load_model(conn, second_dsn=pg.dsn("no_such_database"))
    assert model_to_json(one) == model_to_json(model)


def test_no_second_connection_inside_a_callers_transaction(everything, model, monkeypatch):
    """The caller's snapshot is not exported (it would have to be its first statement): all
    queries run on its connection."""
    from pgshift import db

    monkeypatch.setattr(db, "connect", lambda *a, **k: pytest.fail("a second connection"))
    with psycopg.connect(everything) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.execute("select 1")
        inside = load_model(conn, second_dsn=everything)
        conn.rollback()
    assert model_to_json(inside) == model_to_json(model)


def test_two_connections_outwait_an_idle_in_transaction_timeout(database, monkeypatch):
    """Each connection of the two may wait, idle in its transaction, for the other (or for the
    building of objects): a server's idle_in_transaction_session_timeout does not end the read
    (found by review: it did, on the sequence values sent late to the second connection and on
    the first one's final rollback). The caller's session keeps its own timeout."""
    import time

    from pgshift.inspect import load

    with psycopg.connect(database, autocommit=True) as setup:
        setup.execute(
            "create table t (id serial primary key, name text);"
            " create view v as select id from t; create index on t (name);"
            f" alter database {setup.info.dbname} set idle_in_transaction_session_timeout = 200"
        )
    build = load._build_objects
    slow: list[bool] = []

    def slowly(*args):
        if not slow:  # both connections are idle, in their transactions, meanwhile
            slow.append(True)
            time.sleep(0.6)
        return build(*args)

    monkeypatch.setattr(load, "_build_objects", slowly)
    with psycopg.connect(database, autocommit=True) as conn:
        model = load_model(conn, second_dsn=database)
        shown = conn.execute("show idle_in_transaction_session_timeout").fetchone()
    assert slow
    assert [s.name for s in model.sequences] == ["t_id_seq"]
    # Read after the wait, on the second connection.
    assert (model.sequences[0].last_value, model.sequences[0].is_called) == (1, False)
    assert names(model.views) == ["view public.v"]
    assert shown == ("200ms",)


@pytest.mark.parametrize("second", [False, True], ids=["one connection", "two connections"])
def test_a_query_that_fails_raises_its_error_and_leaves_the_session_usable(
    everything, monkeypatch, second
):
    """The queries run on worker threads; the first error reaches the caller as the server
    gave it, the workers stop, and the connection is idle again, its settings as they were."""
    from pgshift.inspect import load

    read = load.read_query

    def broken(folder: str, name: str) -> str:
        return "select 1/0 as oid" if name == "views" else read(folder, name)

    monkeypatch.setattr(load, "read_query", broken)
    with psycopg.connect(everything, autocommit=True) as conn:
        conn.execute("set search_path = app, public")
        with pytest.raises(psycopg.errors.DivisionByZero, match="division by zero"):
            load_model(conn, second_dsn=everything if second else None)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert conn.execute("show search_path").fetchone() == ("app, public",)
        assert conn.execute("select count(*) from app.users").fetchone() is not None


def test_nested_objects_are_the_same_by_position_or_by_name():
    """A table's columns come with their keys in the class's order and are built by position;
    keys in another order (or fewer) fall back to building by name, to the same objects."""
    from pgshift.inspect.load import _build_all
    from pgshift.inspect.model import Column

    in_order = {
        "name": "id", "type": "integer", "position": 1, "collation": None, "not_null": True,
        "default": None, "generated": None, "generated_kind": None, "identity": "always",
        "comment": "key", "statistics": None, "storage": None, "compression": None,
        "options": ["n_distinct=1"], "type_storage": None,
    }  # fmt: skip
    assert tuple(in_order) == tuple(f.name for f in dataclasses.fields(Column))
    shuffled = dict(reversed(list(in_order.items())))
    fewer = {"name": "id", "type": "integer", "position": 1, "options": []}
    by_position = _build_all(Column, [dict(in_order)])
    assert by_position == _build_all(Column, [shuffled])
    assert by_position[0].options == ("n_distinct=1",)
    assert by_position[0].identity == "always" and by_position[0].comment == "key"
    assert _build_all(Column, [fewer]) == (Column(name="id", type="integer", position=1),)


@pytest.mark.parametrize("second", [False, True], ids=["one connection", "two connections"])
def test_an_error_in_the_caller_drops_the_queries_not_started(everything, monkeypatch, second):
    """Leaving early (an error while building, Ctrl-C) waits for the query the server runs,
    not for all the others queued behind it (found by review: they all ran, and one waiting
    for a lock held Ctrl-C back for as long)."""
    from pgshift.inspect import load

    read = load.read_query

    def slowly(folder: str, name: str) -> str:
        # Every query but the first takes 50 ms: at most one of them runs when the caller fails.
        text = read(folder, name)
        return (
            text
            if name == "schemas"
            else f"select * from ({text}) q where pg_sleep(0.05) is not null"
        )

    started: list[str] = []
    execute = psycopg.Cursor.execute

    def noting(self, query, *args, **kwargs):
        started.append(query if isinstance(query, str) else "")
        return execute(self, query, *args, **kwargs)

    def failing(*args):
        raise RuntimeError("built wrong")

    monkeypatch.setattr(load, "read_query", slowly)
    monkeypatch.setattr(psycopg.Cursor, "execute", noting)
    monkeypatch.setattr(load, "_build_objects", failing)
    with psycopg.connect(everything, autocommit=True) as conn:
        with pytest.raises(RuntimeError, match="built wrong"):
            load_model(conn, second_dsn=everything if second else None)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    queries = [q for q in started if "pg_sleep(0.05)" in q]
    # Of some 40, those running on each connection when the caller failed (one, or two where
    # the first finished before the caller saw its rows fail to build).
    assert 0 < len(queries) <= 4
    assert [t.name for t in threading.enumerate() if t.name == "pgshift-inspect"] == []
