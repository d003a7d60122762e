"""Every kind of object, both ways: a database holding them is built from an empty one by
`diff` and taken back to empty, with `pg_dump --schema-only` identical at each end; changes to
them converge; secrets in options are never printed."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pglast import parser

from pgshift import server
from pgshift.cli.main import main
from pgshift.diff import Include, compare, render
from pgshift.inspect import load_model

EVERYTHING = Include.OWNERS | Include.PRIVILEGES

KINDS = """
create schema u;
create table u.t (id integer primary key, amount numeric, note text);
create function u.eq(integer, u.t) returns boolean language sql immutable as 'select true';
create operator u.=== (leftarg = integer, rightarg = u.t, function = u.eq);
create function u.lt(integer, integer) returns boolean language sql immutable
  as 'select $1 < $2';
create operator u.<<< (leftarg = integer, rightarg = integer, function = u.lt,
  commutator = operator(u.>>>), restrict = scalarltsel);
create function u.cmp(integer, integer) returns integer language sql immutable
  as 'select btint4cmp($1, $2)';
create operator class u.int_ops for type integer using btree as
  operator 1 u.<<<, operator 3 =, function 1 u.cmp(integer, integer);
create operator family u.fam using hash;
alter operator family u.fam using hash add operator 1 = (integer, integer),
  function 1 hashint4(integer);
comment on operator family u.fam using hash is 'loose members';
create index t_by_cmp on u.t (id u.int_ops);
create text search dictionary u.dict (template = simple, stopwords = english);
create text search configuration u.cfg (copy = english);
alter text search configuration u.cfg alter mapping for asciiword with u.dict, english_stem;
create text search template u.tmpl (lexize = dsimple_lexize);
create text search parser u.prs (start = prsd_start, gettoken = prsd_nexttoken,
  end = prsd_end, lextypes = prsd_lextype, headline = prsd_headline);
comment on text search parser u.prs is 'a parser';
create trusted language kinds_pl handler plpgsql_call_handler;
create conversion u.conv for 'LATIN1' to 'UTF8' from iso8859_1_to_utf8;
create access method kinds_am type table handler heap_tableam_handler;
create table u.am_t (id integer) using kinds_am;
create statistics u.st (dependencies, ndistinct) on id, amount from u.t;
alter statistics u.st set statistics 300;
create type u.pair as (a integer, b integer);
create table u.typed of u.pair (a with options not null default 7);
create function u.pair_text(u.pair) returns text language sql as 'select ''x''';
create cast (u.pair as text) with function u.pair_text(u.pair) as assignment;
create function u.from_sql(internal) returns internal language internal immutable as 'int4recv';
create function u.to_sql(internal) returns u.pair language internal immutable as 'int4recv';
create transform for u.pair language kinds_pl (
  from sql with function u.from_sql(internal), to sql with function u.to_sql(internal));
create aggregate u.msum(integer) (sfunc = int4pl, stype = integer,
  msfunc = int4pl, minvfunc = int4mi, mstype = integer, minitcond = '0');
create materialized view u.mv as select id, amount::text as note from u.t;
alter materialized view u.mv alter column id set statistics 50,
  alter column note set storage main;
create index t_twice on u.t ((id * 2));
alter index u.t_twice alter column 1 set statistics 100;
create foreign data wrapper kinds_fdw options (debug 'true');
create server kinds_server type 'kind' version '1.0' foreign data wrapper kinds_fdw
  options (host 'h');
create user mapping for current_user server kinds_server options (user 'me');
create user mapping for public server kinds_server;
create foreign table u.ft (
  id integer options (column_name 'ident') not null,
  label text collate "C" default 'x',
  constraint positive check (id > 0)
) server kinds_server options (table_name 'remote');
comment on column u.ft.label is 'the label';
comment on foreign table u.ft is 'far away';
create view u.far as select id from u.ft;
grant usage on foreign server kinds_server to pg_monitor;
grant usage on foreign data wrapper kinds_fdw to pg_monitor;
grant select on u.ft to pg_monitor;
revoke usage on language kinds_pl from public;
create subscription kinds_sub connection 'host=nowhere dbname=x' publication p, q
  with (connect = false, slot_name = 'kinds_slot', binary = true);
alter default privileges in schema u grant select on tables to public;
alter default privileges revoke execute on functions from public;
alter default privileges grant usage on types to pg_monitor with grant option;
create publication kinds_pub for table u.t with (publish = 'insert, update');
create publication all_pub for all tables;
create publication empty_pub;
"""


@pytest.fixture
def databases(pg) -> Iterator[tuple[str, str, str]]:
    """Source, target and an empty database; subscriptions dropped before the databases."""
    names = [pg.create_database() for _ in range(3)]
    yield tuple(pg.dsn(name) for name in names)  # type: ignore[misc]
    for name in names:
        with psycopg.connect(pg.dsn(name), autocommit=True) as conn:
            for (sub,) in conn.execute(
                "select subname from pg_subscription s join pg_database d on d.oid = s.subdbid"
                " where d.datname = current_database()"
            ).fetchall():
                conn.execute(f'alter subscription "{sub}" disable')
                conn.execute(f'alter subscription "{sub}" set (slot_name = none)')
                conn.execute(f'drop subscription "{sub}"')
        pg.drop_database(name)


def schema_dump(dsn: str) -> str:
    """`pg_dump --schema-only`, without the lines that name the database or vary by run."""
    done = subprocess.run(
        [str(server.bundled_bindir() / "pg_dump"), "--schema-only", "--no-comments", dsn],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    return "\n".join(x for x in lines if not x.startswith(("\\restrict", "\\unrestrict", "--")))


def apply(source: str, target: str, *, destructive: bool = False) -> str:
    with psycopg.connect(source) as s, psycopg.connect(target, autocommit=True) as t:
        script = render(
            compare(load_model(s), load_model(t), include=EVERYTHING),
            allow_destructive=destructive,
        )
        t.execute(script)
    return script


def changes(source: str, target: str) -> list[str]:
    with psycopg.connect(source) as s, psycopg.connect(target) as t:
        return [c.describe() for c in compare(load_model(s), load_model(t), include=EVERYTHING)]


def test_every_kind_built_from_empty_and_back(databases):
    source, target, empty = databases
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(KINDS)
    apply(source, target)
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)
    # Comments are not in the dumps above (pg_dump names the database in one): compared here.
    assert changes(source, target) == []

    script = apply(empty, target, destructive=True)
    assert "drop operator if exists u.>>>(integer, integer)" in script  # the commutator shell
    assert changes(empty, target) == []
    assert schema_dump(target) == schema_dump(empty)


def test_every_kind_changed_converges(databases):
    source, target, _ = databases
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(KINDS)
    apply(source, target)
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(
            """
            alter text search configuration u.cfg drop mapping for email;
            alter publication kinds_pub add table u.am_t;
            alter default privileges in schema u grant insert on tables to pg_monitor;
            alter table u.typed not of;
            alter operator family u.fam using hash drop function 1 (integer, integer);
            alter statistics u.st set statistics 10;
            alter materialized view u.mv alter column id set statistics 60;
            alter index u.t_twice alter column 1 set statistics 200;
            comment on conversion u.conv is 'now with a comment';
            """
        )
    described = changes(source, target)
    assert sorted(described) == sorted(
        [
            "drop (to re-create) index t_twice on u.t",
            "create index t_twice on u.t",
            "drop (to re-create) materialized view u.mv",
            "create materialized view u.mv",
            "alter table u.typed",
            "drop (to re-create) operator family u.fam using hash",
            "create operator family u.fam using hash",
            "set comment on conversion u.conv",
            "drop (to re-create) text search configuration u.cfg",
            "create text search configuration u.cfg",
            "drop (to re-create) statistics u.st",
            "create statistics u.st",
            "drop (to re-create) publication kinds_pub",
            "create publication kinds_pub",
            "drop (to re-create) default privileges for role postgres in schema u on tables",
            "create default privileges for role postgres in schema u on tables",
            "set owner of materialized view u.mv to postgres",
            "set owner of operator family u.fam using hash to postgres",
            "set owner of text search configuration u.cfg to postgres",
            "set owner of statistics u.st to postgres",
            "set owner of publication kinds_pub to postgres",
        ]
    )
    script = apply(source, target, destructive=True)
    assert 'alter table "u"."typed" not of;' in script
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)


SECRETS = """
create foreign data wrapper secret_fdw options (api_key 'fdw-secret-1');
create server secret_server foreign data wrapper secret_fdw
  options (host 'h', password 'srv-secret-2');
create user mapping for current_user server secret_server
  options (user 'me', password 'um-secret-3', password_required 'false');
create foreign table secret_ft (id integer) server secret_server
  options (token 'ft-secret-4');
create subscription secret_sub
  connection 'host=nowhere dbname=x user=me password=sub-secret-5' publication p
  with (connect = false, slot_name = none);
create subscription uri_sub connection 'postgresql://me:sub-secret-6@nowhere/x' publication p
  with (connect = false, slot_name = none);
"""


def run(*args: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def test_secrets_in_options_are_never_printed(databases):
    source, target, _ = databases
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(SECRETS)
    code, listing, err = run("inspect", source, "--json")
    code, table, _ = run("inspect", source)
    code, changed, _ = run("diff", source, target)
    code, plan, _ = run("diff", source, target, "--sql", "-")
    code, plan_json, _ = run("diff", source, target, "--json")
    for text in (listing, table, changed, plan, plan_json, err):
        assert "secret-" not in text
    assert "options (host 'h')" in plan
    assert "options (\"user\" 'me', password_required 'false')" in plan
    assert "connection 'host=nowhere dbname=x user=me'" in plan
    assert "connection 'postgresql://me@nowhere/x'" in plan
    assert (
        "-- create user mapping for postgres server secret_server (set by hand, not printed:"
        " password)" in plan
    )
    mappings = {o["identity"]: o for o in json.loads(listing)["user_mappings"]}
    assert mappings["for postgres server secret_server"]["secret_options"] == ["password"]

    # Built without them, the two compare equal: secrets are neither read nor compared.
    apply(source, target)
    assert changes(source, target) == []
    with psycopg.connect(target) as conn:
        options = conn.execute("select umoptions from pg_user_mappings").fetchone()
    assert options == (["user=me", "password_required=false"],)


@pytest.fixture
def tablespace(pg) -> Iterator[str]:
    """A tablespace in a folder owned by the server's account (on this machine)."""
    with pg.connect() as conn:
        row = conn.execute("select current_setting('data_directory')").fetchone()
        assert row is not None
        data = Path(row[0])
        if not data.exists():
            pytest.skip("the test server's data directory is not on this machine")
        folder = Path(tempfile.mkdtemp(prefix="pgshift-ts-", dir="/tmp"))
        os.chown(folder, data.stat().st_uid, data.stat().st_gid)
        conn.execute(f"create tablespace pgshift_kinds_ts location '{folder}'")
    try:
        yield "pgshift_kinds_ts"
    finally:
        with pg.connect() as conn:
            conn.execute("drop tablespace pgshift_kinds_ts")
        folder.rmdir()


PLACED = """
create schema u;
create table u.t (id integer primary key using index tablespace pgshift_kinds_ts,
  amount numeric) tablespace pgshift_kinds_ts;
create table u.parted (id integer) partition by range (id) tablespace pgshift_kinds_ts;
create index t_amount on u.t (amount) tablespace pgshift_kinds_ts;
create materialized view u.mv tablespace pgshift_kinds_ts as select id from u.t;
create table u.plain (id integer);
"""


def test_tablespace_placement_both_ways(tablespace, databases):
    source, target, empty = databases
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(PLACED)
    apply(source, target)
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)

    # Moving a table keeps its rows: ALTER TABLE ... SET TABLESPACE, not drop and create.
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute("insert into u.plain values (1), (2)")
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("alter table u.plain set tablespace pgshift_kinds_ts")
        conn.execute("alter table u.t set tablespace pg_default")
    assert changes(source, target) == ["alter table u.plain", "alter table u.t"]
    script = apply(source, target)
    assert 'alter table "u"."plain" set tablespace pgshift_kinds_ts;' in script
    assert changes(source, target) == []
    with psycopg.connect(target) as conn:
        assert conn.execute("select count(*) from u.plain").fetchone() == (2,)

    # Online, a new index in a tablespace is built concurrently there, with its statistics.
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(
            "create index plain_twice on u.plain ((id * 2)) tablespace pgshift_kinds_ts;"
            "alter index u.plain_twice alter column 1 set statistics 70"
        )
    with psycopg.connect(source) as s, psycopg.connect(target, autocommit=True) as t:
        target_model = load_model(t)
        changes_ = compare(load_model(s), target_model, include=EVERYTHING)
        script = render(changes_, online=True, target=target_model)
        pieces = [
            "set default_tablespace = pgshift_kinds_ts;\n\ncommit;",
            "\nCREATE INDEX CONCURRENTLY plain_twice ON u.plain USING btree (((id * 2)));\n",
            "begin;\n\nreset default_tablespace;\n"
            'alter index "u"."plain_twice" alter column 1 set statistics 70;\n',
        ]
        assert [script.find(piece) for piece in pieces] == sorted(
            script.find(piece) for piece in pieces
        )
        assert -1 not in [script.find(piece) for piece in pieces]
        for statement in parser.split(script):
            t.execute(statement)
    assert changes(source, target) == []

    apply(empty, target, destructive=True)
    assert schema_dump(target) == schema_dump(empty)


def test_an_index_of_a_partitioned_table_keeps_its_qualified_collation(databases):
    source, target, _ = databases
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(
            """
            create schema texts;
            create collation texts."Sort" from "C";
            create table texts.p (name text) partition by list (name);
            create table texts.p1 partition of texts.p for values in ('a');
            create index p_name on texts.p (name collate texts."Sort");
            """
        )
    script = apply(source, target)
    assert 'CREATE INDEX p_name ON texts.p USING btree (name COLLATE texts."Sort")' in script
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)
