"""The census of what the model does not read: every kind is read now, so what remains is the
subscriptions a role may not read and statistics targets on constraints' indexes; counted per
kind, in the model, in `inspect --json` and as a warning from `inspect` and `diff`."""

from __future__ import annotations

import io
import json

import psycopg
import pytest

from pgshift.cli.main import main
from pgshift.inspect import load_model
from pgshift.inspect.census import UNREAD_KINDS, describe_unread, unread_kinds_sentence
from pgshift.inspect.model import CATALOG_KINDS

# One or two of every kind the census used to count, each now read (tablespaces need a folder
# on the server's host: tests/diff/test_kinds.py). Schema `u` holds what lives in a schema.
KINDS = """
create schema u;
create table u.t (id integer primary key, amount numeric);
create aggregate u.msum(integer) (sfunc = int4pl, stype = integer,
  msfunc = int4pl, minvfunc = int4mi, mstype = integer);
create function u.eq(integer, u.t) returns boolean language sql as 'select true';
create operator u.=== (leftarg = integer, rightarg = u.t, function = u.eq);
create operator class u.int_ops for type integer using btree as
  operator 1 <, function 1 btint4cmp(integer, integer);
create operator family u.fam using hash;
create text search configuration u.cfg (copy = english);
create text search dictionary u.dict (template = simple);
create text search template u.tmpl (lexize = dsimple_lexize);
create text search parser u.prs (start = prsd_start, gettoken = prsd_nexttoken,
  end = prsd_end, lextypes = prsd_lextype);
create language census_pl handler plpgsql_call_handler;
create conversion u.conv for 'LATIN1' to 'UTF8' from iso8859_1_to_utf8;
create access method census_am type table handler heap_tableam_handler;
create statistics u.st on id, amount from u.t;
create type u.pair as (a integer, b integer);
create table u.typed of u.pair;
create function u.pair_text(u.pair) returns text language sql as 'select ''x''';
create cast (u.pair as text) with function u.pair_text(u.pair);
create foreign data wrapper census_fdw;
create server census_server foreign data wrapper census_fdw;
create user mapping for current_user server census_server;
create foreign table u.ft (id integer) server census_server;
create subscription census_sub connection 'dbname=nowhere' publication p
  with (connect = false, slot_name = none);
create view u.v as select id from u.t;
create materialized view u.mv as select id, amount::text as note from u.t;
alter materialized view u.mv alter column id set statistics 50,
  alter column note set storage main;
create index t_twice on u.t ((id * 2));
alter index u.t_twice alter column 1 set statistics 100;
alter default privileges in schema u grant select on tables to public;
create publication census_pub for table u.t;
"""
# Only an exclusion constraint's index may have an expression column, the only kind of index
# column that takes a statistics target of its own.
CONSTRAINT_INDEX_STATISTICS = (
    "alter table u.t add constraint ex exclude using btree ((id * 3) with =);"
    "alter index u.ex alter column 1 set statistics 20"
)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def kinds(conn):
    conn.execute(KINDS)
    yield conn
    conn.execute("drop subscription census_sub")


def test_every_kind_the_census_counted_is_read(kinds):
    model = load_model(kinds)
    assert model.unread == {}
    for field in CATALOG_KINDS:
        if field != "transforms":  # tests/diff/test_kinds.py makes one (it needs a C function)
            assert getattr(model, field), field
    by_key = {o.key.describe(): o for o in model.objects()}
    assert by_key["function u.msum(integer)"].msfunc == "int4pl"
    assert by_key["table u.typed"].of_type == "u.pair"
    settings = {c.name: (c.statistics, c.storage) for c in by_key["view u.mv"].columns}
    assert settings == {"id": (50, None), "note": (None, "main")}
    assert by_key["index t_twice on u.t"].column_statistics == ("1 100",)
    assert by_key["user mapping for postgres server census_server"].create == (
        "create user mapping for postgres server census_server",
    )


def test_what_is_still_not_read_is_counted(kinds):
    kinds.execute(CONSTRAINT_INDEX_STATISTICS)
    assert load_model(kinds).unread == {"constraint_index_statistics": 1}
    assert load_model(kinds, schemas=["public"]).unread == {}


def test_what_a_role_may_not_read_is_counted(pg, kinds, database):
    with pg.connect() as admin:
        admin.execute("drop role if exists pgshift_census_reader")
        admin.execute("create role pgshift_census_reader login")
    try:
        reader = database.replace("postgres@", "pgshift_census_reader@", 1)
        with psycopg.connect(reader) as conn:
            model = load_model(conn)
            # What lives in no schema is left out by a schema filter, as a filtered diff is.
            filtered = load_model(conn, schemas=["u"])
        assert model.subscriptions == model.user_mappings == ()
        # The user mapping's options (postgres's, on a server the reader does not own) are
        # hidden from it: read as "none", they would compare wrong.
        assert model.unread == {"subscriptions": 1, "user_mappings": 1}
        assert filtered.unread == {}
        assert [s.name for s in load_model(kinds).subscriptions] == ["census_sub"]
    finally:
        with pg.connect() as admin:
            admin.execute("drop role pgshift_census_reader")


def test_a_database_of_read_kinds_has_an_empty_census(conn):
    conn.execute(
        "create table t (id integer); create view v as select id from t;"
        "create extension citext"  # its operators, casts... belong to the extension
    )
    model = load_model(conn)
    assert model.unread == {}
    assert model.casts == model.operators == model.operator_classes == ()


def test_describe_unread():
    assert describe_unread({"subscriptions": 2, "constraint_index_statistics": 1}) == (
        "2 subscriptions (not readable by this role),"
        " 1 statistics target on a column of a constraint's index"
    )
    assert describe_unread({}) == ""
    assert unread_kinds_sentence() == (
        "Kinds pgshift does not read yet: subscriptions (not readable by this role),"
        " user mappings (options not readable by this role),"
        " statistics targets on columns of constraints' indexes."
    )


def test_inspect_warns_and_json_counts(kinds, database):
    kinds.execute(CONSTRAINT_INDEX_STATISTICS)
    warning = (
        "pgshift: warning: not listed, pgshift does not read these yet:"
        " 1 statistics target on a column of a constraint's index\n"
    )
    code, out, err = run("inspect", database)
    assert (code, err) == (0, warning)
    code, out, err = run("inspect", database, "--json")
    assert (code, err) == (0, warning)
    assert json.loads(out)["unread"] == {"constraint_index_statistics": 1}


def test_inspect_without_unread_kinds_is_quiet(kinds, database):
    code, out, err = run("inspect", database, "--json")
    assert (code, err) == (0, "")
    listing = json.loads(out)
    assert listing["unread"] == {}
    assert [o["identity"] for o in listing["operators"]] == ["u.===(integer, u.t)"]


def test_diff_names_what_it_did_not_compare(database, shadow_database):
    with (
        psycopg.connect(database, autocommit=True) as source,
        psycopg.connect(shadow_database, autocommit=True) as target,
    ):
        for db in (source, target):
            db.execute("create schema u; create table u.t (id integer)")
        source.execute(CONSTRAINT_INDEX_STATISTICS)
    # The constraint is compared (exit 3: changes); its index's statistics target is not.
    code, out, err = run("diff", database, shadow_database)
    assert code == 3
    assert err == (
        "pgshift: warning: not compared, pgshift does not read these yet: 1 statistics"
        " target on a column of a constraint's index in the source\n"
    )
    code, out, err = run("diff", database, shadow_database, "--json")
    assert json.loads(out)["not_compared"] == {
        "source": {"constraint_index_statistics": 1},
        "target": {},
    }
    assert "create constraint ex on u.t" in json.dumps(json.loads(out)["changes"])


def test_diff_without_unread_kinds_is_quiet(database, shadow_database):
    code, out, err = run("diff", database, shadow_database, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["not_compared"] == {"source": {}, "target": {}}


@pytest.mark.parametrize("kind", list(UNREAD_KINDS))
def test_every_kind_has_words(kind):
    one, several = UNREAD_KINDS[kind]
    assert one and several and one != several
