"""The census of kinds the model does not read: counted per kind, in the model, in
`inspect --json` and as a warning from `inspect` and `diff`."""

from __future__ import annotations

import io
import json

import psycopg
import pytest

from pgshift.cli.main import main
from pgshift.inspect import load_model
from pgshift.inspect.census import UNREAD_KINDS, describe_unread

# One or two of every kind the census counts (tablespaces need a folder on the server's host:
# left out). Schema `u` holds what lives in a schema.
UNREAD = """
create schema u;
create table u.t (id integer, amount numeric);
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


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def unread(conn):
    conn.execute(UNREAD)
    yield conn
    conn.execute("drop subscription census_sub")


EXPECTED = {
    "default_privileges": 1,
    "publications": 1,
    "moving_aggregates": 1,
    "operators": 1,
    "operator_classes": 1,
    "operator_families": 1,
    "subscriptions": 1,
    "text_search_configurations": 1,
    "text_search_dictionaries": 1,
    "text_search_templates": 1,
    "text_search_parsers": 1,
    "conversions": 1,
    "access_methods": 1,
    "languages": 1,
    "statistics": 1,
    "casts": 1,
    "foreign_tables": 1,
    "foreign_servers": 1,
    "user_mappings": 1,
    "foreign_data_wrappers": 1,
    "typed_tables": 1,
    "view_and_index_column_settings": 3,
}

WHOLE_DATABASE = {
    "publications",
    "subscriptions",
    "casts",
    "foreign_servers",
    "foreign_data_wrappers",
    "access_methods",
    "languages",
    "user_mappings",
}


def test_every_unread_kind_is_counted(unread):
    model = load_model(unread)
    assert model.unread == EXPECTED
    assert list(model.unread) == [k for k in UNREAD_KINDS if k in EXPECTED]
    assert set(UNREAD_KINDS) - set(EXPECTED) == {"tablespace_placements"}
    # A schema filter leaves out what lives in no schema (a filtered diff does not compare it).
    in_schemas = EXPECTED.keys() - WHOLE_DATABASE
    in_u = {k: n for k, n in EXPECTED.items() if k in in_schemas}
    assert load_model(unread, schemas=["u"]).unread == in_u
    assert load_model(unread, schemas=["public"]).unread == {}


def test_a_database_of_read_kinds_has_an_empty_census(conn):
    conn.execute(
        "create table t (id integer); create view v as select id from t;"
        "create extension citext"  # its operators, casts... belong to the extension
    )
    assert load_model(conn).unread == {}


def test_describe_unread():
    assert describe_unread({"publications": 1, "casts": 2}) == "1 publication, 2 casts"
    assert describe_unread({}) == ""


def test_inspect_warns_and_json_counts(unread, database):
    warning = (
        "pgshift: warning: not listed, pgshift does not read these yet:"
        " 1 default privileges entry, 1 aggregate with moving-aggregate options,"
        " 1 operator, 1 operator class, 1 operator family, 1 publication,"
        " 1 subscription, 1 text search configuration, 1 text search dictionary,"
        " 1 text search template, 1 text search parser, 1 conversion, 1 access method,"
        " 1 procedural language, 1 statistics object, 1 cast, 1 foreign table,"
        " 1 foreign server, 1 user mapping, 1 foreign-data wrapper, 1 typed table (OF type),"
        " 3 column settings of materialized views or indexes\n"
    )
    code, out, err = run("inspect", database)
    assert (code, err) == (0, warning)
    code, out, err = run("inspect", database, "--json")
    assert (code, err) == (0, warning)
    assert json.loads(out)["unread"] == EXPECTED


def test_inspect_without_unread_kinds_is_quiet(conn, database):
    conn.execute("create table t (id integer)")
    code, out, err = run("inspect", database, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["unread"] == {}


def test_diff_names_what_it_did_not_compare(database, shadow_database):
    with (
        psycopg.connect(database, autocommit=True) as source,
        psycopg.connect(shadow_database, autocommit=True) as target,
    ):
        for db in (source, target):
            db.execute("create table t (id integer, amount numeric)")
        source.execute(
            "create statistics st on id, amount from t;"
            "create type pair as (a integer); create table typed of pair"
        )
        target.execute("create operator family fam using hash")
        code, out, err = run("diff", database, shadow_database)
        # Exit code 3 for the type and the table (pgshift reads both, not that the table is typed).
        assert code == 3
        assert err == (
            "pgshift: warning: not compared, pgshift does not read these yet: 1 statistics"
            " object, 1 typed table (OF type) in the source; 1 operator family in the target\n"
        )
        code, out, err = run("diff", database, shadow_database, "--json")
        assert json.loads(out)["not_compared"] == {
            "source": {"statistics": 1, "typed_tables": 1},
            "target": {"operator_families": 1},
        }

        # Databases that differ only in unread kinds still "match" (exit 0), with the warning.
        source.execute("drop table typed; drop type pair")
        code, out, err = run("diff", database, shadow_database)
        assert code == 0
        assert err == (
            "pgshift: warning: not compared, pgshift does not read these yet: 1 statistics"
            " object in the source; 1 operator family in the target\n"
        )
        assert out.endswith(f"matches {out.split(' matches ')[1]}")


def test_diff_without_unread_kinds_is_quiet(database, shadow_database):
    code, out, err = run("diff", database, shadow_database, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["not_compared"] == {"source": {}, "target": {}}


@pytest.mark.parametrize("kind", list(UNREAD_KINDS))
def test_every_kind_has_words(kind):
    one, several = UNREAD_KINDS[kind]
    assert one and several and one != several
