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
from pgshift.errors import UnsafeChangeError
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


def schema_dump(dsn: str, *, comments: bool = False) -> str:
    """`pg_dump --schema-only`, without the lines that vary by run (and, unless asked, without
    comments: the public schema's names the database)."""
    options = [] if comments else ["--no-comments"]
    done = subprocess.run(
        [str(server.bundled_bindir() / "pg_dump"), "--schema-only", *options, dsn],
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
            "change operator family u.fam using hash in place",
            "set comment on conversion u.conv",
            "change text search configuration u.cfg in place",
            "change statistics u.st in place",
            "drop (to re-create) publication kinds_pub",
            "create publication kinds_pub",
            "drop (to re-create) default privileges for role postgres in schema u on tables",
            "create default privileges for role postgres in schema u on tables",
            "set owner of materialized view u.mv to postgres",
            "set owner of publication kinds_pub to postgres",
        ]
    )
    script = apply(source, target, destructive=True)
    assert 'alter table "u"."typed" not of;' in script
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)


# What a review found missing from KINDS, each checked by the same round trip.
MORE = """
create extension btree_gist;
create table k (a int, b int,
  constraint k_pk primary key (a) include (b) with (fillfactor=70) deferrable,
  constraint ex exclude using gist (a with =) with (fillfactor=80) where (b > 0),
  constraint u1 unique (b) with (fillfactor=60));
create foreign data wrapper dummy;
create server srv foreign data wrapper dummy options (host 'h');
create table parent (a int);
create foreign table ft2 (b text options (name 'n') default 3, c int) inherits (parent)
  server srv options (t 'x');
alter foreign table ft2 alter column b set statistics 77, alter column b set (n_distinct=5),
  alter column b set storage external;
alter foreign table ft2 add constraint ck check (c > 0);
comment on constraint ck on ft2 is 'a check';
create table p (a int, b text) partition by list (a);
create foreign table p1 partition of p for values in (1) server srv;
alter foreign table p1 alter column b options (column_name 'remote_b');
alter foreign table p1 alter column b set default 'x';
alter default privileges grant select on sequences to pg_monitor;
create table pp (a int, b int, c int) partition by list (a);
create table pp1 partition of pp for values in (1);
create schema u;
create operator class u.pops for type point using gist as
  operator 1 <<(point, point), operator 15 <->(point, point) for order by pg_catalog.float_ops,
  function 1 gist_point_consistent(internal, point, smallint, oid, internal),
  function 2 gist_box_union(internal, internal), function 3 gist_point_compress(internal),
  function 5 gist_box_penalty(internal, internal, internal),
  function 6 gist_box_picksplit(internal, internal), function 7 gist_box_same(box, box, internal),
  function 8 gist_point_distance(internal, point, smallint, oid, internal), storage box;
create function u.cmp84(bigint, integer) returns integer language sql immutable
  as 'select btint8cmp($1, $2::bigint)';
create operator class u.int_ops for type integer using btree as
  operator 1 <, function 1 btint4cmp(integer, integer);
alter operator family u.int_ops using btree add operator 1 < (bigint, integer),
  function 1 (bigint, integer) u.cmp84(bigint, integer);
create operator class u.a_ops for type int4 using btree as
  operator 1 <, operator 3 =, function 1 btint4cmp(int4, int4);
create operator class u.b_ops for type int8 using btree family u.a_ops as
  operator 1 <, operator 3 =, function 1 btint8cmp(int8, int8);
alter operator family u.a_ops using btree add operator 1 < (int4, int8),
  function 1 btint48cmp(int4, int8);
create foreign table ftg (a int, b int generated always as (a * 2) stored) server srv;
"""
# By server version: what came in 15 (column lists, row filters, schemas in publications,
# two-phase subscriptions), 17 (failover) and 18 (large objects' default privileges,
# generated columns in publications).
MORE_15 = """
create publication pub for table pp, pp1 (a, b) where (a > 5)
  with (publish_via_partition_root = true);
create schema sch;
create table sch.s (id int);
create publication pubs for tables in schema sch, table k;
create subscription two_phase_sub connection 'host=nowhere dbname=x' publication p
  with (connect = false, slot_name = 'tp_slot', two_phase = true);
"""
MORE_17 = """
create subscription failover_sub connection 'host=nowhere dbname=x' publication p
  with (connect = false, slot_name = 'fo_slot', failover = true);
"""
MORE_18 = """
alter default privileges grant select on large objects to pg_monitor;
create table g (a int, b int generated always as (a + 1) stored);
create publication pubg for table g with (publish_generated_columns = stored);
"""


def test_more_kinds_built_from_empty_and_back(databases):
    source, target, empty = databases
    with psycopg.connect(source, autocommit=True) as conn:
        version = conn.info.server_version
        conn.execute(MORE)
        for since, more in ((150000, MORE_15), (170000, MORE_17), (180000, MORE_18)):
            if version >= since:
                conn.execute(more)
    apply(source, target)
    assert changes(source, target) == []
    assert schema_dump(target, comments=True) == schema_dump(source, comments=True)
    apply(empty, target, destructive=True)
    assert changes(empty, target) == []
    assert schema_dump(target) == schema_dump(empty)


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
create subscription query_sub
  connection 'postgresql://me@nowhere/x?password=sub-secret-7&sslmode=disable' publication p
  with (connect = false, slot_name = none);
create subscription ssl_sub connection 'host=nowhere dbname=x sslpassword=sub-secret-8'
  publication p with (connect = false, slot_name = none);
create server aws_server foreign data wrapper secret_fdw
  options (region 'eu', aws_secret_access_key 'srv-secret-9', session_token 'srv-secret-10');
create foreign table column_ft (id integer options (password 'ft-secret-11', name 'ident'))
  server secret_server;
create subscription encoded_sub connection 'postgresql://u@h/db?pass%77ord=sub-secret-12'
  publication p with (connect = false, slot_name = none);
create subscription escaped_sub connection 'host=h dbname=db password=sub\\ secret-13 user=u'
  publication p with (connect = false, slot_name = none);
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
    assert "options (\"host\" 'h')" in plan
    assert "options (\"user\" 'me', \"password_required\" 'false')" in plan
    assert "connection 'host=nowhere dbname=x user=me'" in plan
    assert "connection 'postgresql://me@nowhere/x'" in plan
    assert "connection 'postgresql://me@nowhere/x?sslmode=disable'" in plan
    assert "connection 'host=nowhere dbname=x'" in plan
    # Strings the patterns cannot read for sure are not shown at all.
    assert "-- create subscription encoded_sub (set by hand, not printed: connection)" in plan
    assert "create subscription encoded_sub connection '' publication" in plan
    assert "create subscription escaped_sub connection '' publication" in plan
    assert "create server aws_server foreign data wrapper secret_fdw options (\"region\" 'eu')" in (
        plan
    )
    assert (
        "create foreign table public.column_ft (id integer options (name 'ident'))"
        " server secret_server" in plan
    )
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


def test_options_change_in_place_keeping_secrets(databases):
    source, target, _ = databases
    for dsn in (source, target):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SECRETS)
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(
            "alter server secret_server options (set host 'elsewhere', add port '5433');"
            "alter user mapping for current_user server secret_server"
            " options (drop password_required);"
            "alter foreign table secret_ft options (add schema_name 'remote')"
        )
    assert sorted(changes(source, target)) == [
        "set options of foreign table public.secret_ft",
        "set options of server secret_server",
        "set options of user mapping for postgres server secret_server",
    ]
    script = apply(source, target)
    assert (
        "alter server secret_server options (set \"host\" 'elsewhere', add \"port\" '5433');"
        in script
    )
    assert changes(source, target) == []
    with psycopg.connect(target) as conn:
        row = conn.execute(
            "select srvoptions from pg_foreign_server where srvname = 'secret_server'"
        )
        assert row.fetchone() == (["host=elsewhere", "password=srv-secret-2", "port=5433"],)
        row = conn.execute("select umoptions from pg_user_mappings where srvname = 'secret_server'")
        assert row.fetchone() == (["user=me", "password=um-secret-3"],)

    # Anything else makes the object again, which loses its secrets: destructive, and said so.
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("alter server secret_server version '2'")
    assert "drop (to re-create) server secret_server (its password option(s) are lost)" in (
        changes(source, target)
    )
    with pytest.raises(UnsafeChangeError):
        apply(source, target)


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


def test_dropping_an_operator_keeps_its_commutator_linked_as_in_the_source(databases):
    source, target, _ = databases
    both = """
    create schema u;
    create function u.lt(integer, integer) returns boolean language sql immutable
      as 'select $1 < $2';
    create function u.gt(integer, integer) returns boolean language sql immutable
      as 'select $1 > $2';
    create operator u.<<< (leftarg = integer, rightarg = integer, function = u.lt,
      commutator = operator(u.>>>));
    """
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(both)
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(
            both + "create operator u.>>> (leftarg = integer, rightarg = integer,"
            " function = u.gt, commutator = operator(u.<<<));"
        )
    apply(source, target, destructive=True)
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)


def test_a_text_search_configuration_a_generated_column_uses_changes_in_place(databases):
    source, target, _ = databases
    both = """
    create schema u;
    create text search configuration u.cfg (copy = english);
    create table u.doc (body text,
      tsv tsvector generated always as (to_tsvector('u.cfg'::regconfig, body)) stored);
    insert into u.doc (body) values ('mail me at someone@example.com');
    """
    for dsn in (source, target):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(both)
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("alter text search configuration u.cfg drop mapping for email")
    assert changes(source, target) == ["change text search configuration u.cfg in place"]
    script = apply(source, target)  # not destructive: nothing is dropped
    assert "drop mapping if exists for asciiword, word," in script
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)


def test_a_typed_tables_type_changes_in_place(databases):
    source, target, _ = databases
    both = """
    create schema u;
    create type u.pair as (a integer, b text, gone integer);
    create table u.typed of u.pair (a with options not null);
    insert into u.typed values (1, 'one', 10);
    """
    for dsn in (source, target):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(both)
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(
            "alter type u.pair add attribute c integer cascade;"
            "alter type u.pair drop attribute gone cascade;"
            "alter type u.pair alter attribute b type varchar(20) cascade;"
        )
    assert changes(source, target) == ["alter attributes of composite type u.pair"]
    with pytest.raises(UnsafeChangeError):  # an attribute dropped: the typed table's column too
        apply(source, target)
    script = apply(source, target, destructive=True)
    assert script.endswith(
        'alter type "u"."pair" drop attribute "gone" cascade, alter attribute "b" set data type'
        ' character varying(20) cascade, add attribute "c" integer cascade;\n'
    )
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)
    with psycopg.connect(target) as conn:
        assert conn.execute("select * from u.typed").fetchall() == [(1, "one", None)]


def test_a_typed_tables_column_keeps_its_storage_when_its_attribute_changes_type(databases):
    """ALTER TYPE ... ALTER ATTRIBUTE ... CASCADE resets the typed table's column storage, as
    a column's own type change does: the plan sets it again (found by review: a second diff
    asked for it)."""
    source, target, _ = databases
    for dsn, b in ((source, "text"), (target, "varchar(10)")):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(
                f"create type ct as (a integer, b {b}); create table tt of ct;"
                " alter table tt alter column b set storage main"
            )
    script = apply(source, target, destructive=True)
    assert script.endswith('alter table "public"."tt" alter column "b" set storage main;\n')
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)


def test_a_function_whose_parameter_is_renamed_is_replaced(databases):
    source, target, _ = databases
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(
            "create function f(a integer) returns integer language sql as 'select a + 1';"
            "create view v as select f(1) as x"
        )
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(
            "create function f(b integer) returns integer language sql as 'select b + 1';"
            "create view v as select f(1) as x"
        )
    # The old function is replaced (dropped first, with the view), not dropped after a CREATE
    # that would clash with it; so the plan is not destructive.
    assert "drop (to re-create) function public.f(b integer)" in changes(source, target)
    apply(source, target)
    assert changes(source, target) == []
    assert schema_dump(target) == schema_dump(source)
