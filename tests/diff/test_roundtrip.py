"""Whole databases: diff a database against itself, build one from nothing, tear one down."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from pgshift.diff import Include, compare, render
from pgshift.errors import UnsafeChangeError
from pgshift.inspect import ObjectKey, load_model

EVERYTHING = (Path(__file__).parent.parent / "inspect" / "everything.sql").read_text()
# Grants on top of EVERYTHING, compared with Include.PRIVILEGES (pg_monitor: a role every
# server has, so nothing to clean up).
GRANTS = """
grant select (id, email), update ("name") on app.users to pg_monitor with grant option;
grant select (n) on app.happy_user_count to public;
"""


@pytest.fixture
def source(database):
    with psycopg.connect(database, autocommit=True) as conn:
        yield conn


@pytest.fixture
def target(shadow_database):
    with psycopg.connect(shadow_database, autocommit=True) as conn:
        yield conn


def test_a_database_against_itself_is_empty(source):
    source.execute(EVERYTHING)
    model = load_model(source)
    assert compare(model, model) == []
    everything = Include.OWNERS | Include.SEQUENCE_VALUES | Include.PRIVILEGES
    assert compare(model, load_model(source), include=everything) == []
    assert render([]) == ""


def test_build_everything_from_an_empty_database(source, target):
    source.execute(EVERYTHING)
    script = render(compare(load_model(source), load_model(target)))
    target.execute(script)
    assert compare(load_model(source), load_model(target)) == []
    # Made by the same role, so owners and privileges match as well.
    everything = Include.OWNERS | Include.PRIVILEGES
    assert compare(load_model(source), load_model(target), include=everything) == []


def test_build_grants_from_an_empty_database_then_take_them_back(source, target):
    source.execute(EVERYTHING + GRANTS)
    model = load_model(source)
    users = model.by_key()[ObjectKey("table", "app", "users")]
    assert sorted((p.column, p.privilege, p.grantable) for p in users.privileges) == [
        ("email", "SELECT", True),
        ("id", "SELECT", True),
        ("name", "UPDATE", True),
    ]
    target.execute(render(compare(model, load_model(target), include=Include.PRIVILEGES)))
    assert compare(load_model(source), load_model(target), include=Include.PRIVILEGES) == []

    source.execute("revoke all on app.users, app.happy_user_count from pg_monitor, public")
    changes = compare(load_model(source), load_model(target), include=Include.PRIVILEGES)
    assert [c.describe() for c in changes] == [
        "change privileges on table app.users",
        "change privileges on view app.happy_user_count",
    ]
    target.execute(render(changes))
    assert compare(load_model(source), load_model(target), include=Include.PRIVILEGES) == []


def test_tear_everything_down_needs_allow_destructive(source, target):
    target.execute(EVERYTHING)
    changes = compare(load_model(source), load_model(target))
    with pytest.raises(UnsafeChangeError) as caught:
        render(changes)
    assert caught.value.changes and all(c.destructive for c in caught.value.changes)
    assert str(caught.value).startswith(f"{len(caught.value.changes)} destructive change(s)")
    target.execute(render(changes, allow_destructive=True))
    assert compare(load_model(source), load_model(target)) == []


def test_sequence_values_compared_only_when_asked(source, target):
    for conn in (source, target):
        conn.execute("create sequence s increment by 3; create table t (id serial)")
    source.execute("select nextval('s'); select nextval('s'); select setval('t_id_seq', 7, false)")
    assert compare(load_model(source), load_model(target)) == []
    changes = compare(load_model(source), load_model(target), include=Include.SEQUENCE_VALUES)
    assert [c.describe() for c in changes] == [
        "set sequence public.s to 4 (is_called True)",
        "set sequence public.t_id_seq to 7 (is_called False)",
    ]
    target.execute(render(changes))
    after = compare(load_model(source), load_model(target), include=Include.SEQUENCE_VALUES)
    assert after == []
    assert target.execute("select nextval('t_id_seq')").fetchone() == (7,)


def test_sequence_values_of_new_tables(source, target):
    source.execute(
        "create table t (id integer generated always as identity, n serial);"
        "insert into t default values; insert into t default values"
    )
    changes = compare(load_model(source), load_model(target), include=Include.SEQUENCE_VALUES)
    target.execute(render(changes))
    assert compare(load_model(source), load_model(target), include=Include.SEQUENCE_VALUES) == []
    assert target.execute("insert into t default values returning id, n").fetchone() == (3, 3)


def test_owners_compared_only_when_asked(source, target):
    role = f"pgshift_owner_{os.getpid()}"
    source.execute(f"drop role if exists {role}; create role {role}")
    try:
        for conn in (source, target):
            conn.execute("create table t (id integer)")
        source.execute(f"alter table t owner to {role}")
        assert compare(load_model(source), load_model(target)) == []
        changes = compare(load_model(source), load_model(target), include=Include.OWNERS)
        assert [c.describe() for c in changes] == [f"set owner of table public.t to {role}"]
        target.execute(render(changes))
        assert compare(load_model(source), load_model(target), include=Include.OWNERS) == []

        # A view created again belongs to whoever runs the script: its owner is set back.
        for conn in (source, target):
            conn.execute(f"create view v as select id from t; alter view v owner to {role}")
        source.execute("drop view v; create view v as select 1 as one, id from t")
        source.execute(f"alter view v owner to {role}")
        changes = compare(load_model(source), load_model(target), include=Include.OWNERS)
        assert [c.describe() for c in changes][-1] == f"set owner of view public.v to {role}"
        target.execute(render(changes))
        assert compare(load_model(source), load_model(target), include=Include.OWNERS) == []
    finally:
        for conn in (source, target):
            conn.execute("drop view if exists v; drop table if exists t")
        source.execute(f"drop role {role}")


def test_a_pg_dump_copy_has_no_differences(source, target, database, shadow_database):
    """What clone's verification relies on: a faithful copy compares equal, values included."""
    import subprocess

    from pgshift import server

    source.execute(EVERYTHING)
    source.execute("insert into app.audit_log (note) values ('x'), ('y')")
    bindir = server.client_bindir()
    dump = subprocess.run(
        [str(bindir / "pg_dump"), "--dbname", database],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    subprocess.run(
        # No ON_ERROR_STOP: a newer pg_dump sets parameters an older server does not know.
        [str(bindir / "psql"), "-X", "-q", "--dbname", shadow_database],
        input=dump,
        capture_output=True,
        text=True,
        check=True,
    )
    everything = Include.OWNERS | Include.SEQUENCE_VALUES | Include.PRIVILEGES
    assert compare(load_model(source), load_model(target), include=everything) == []
    target.execute("select nextval('app.audit_log_id_seq')")
    assert [
        c.describe() for c in compare(load_model(source), load_model(target), include=everything)
    ] == ["set sequence app.audit_log_id_seq to 2 (is_called True)"]


def test_partitions_compare_the_same_however_they_were_made(source, target):
    parent = (
        "create table events (id integer, at date not null, note text,"
        " constraint events_id_check check (id > 0), primary key (id, at))"
        " partition by range (at);"
        "create index events_at on events (at);"
    )
    source.execute(
        parent + "create table events_2025 (id integer, at date not null, note text,"
        " constraint events_id_check check (id > 0), primary key (id, at));"
        "alter table events attach partition events_2025"
        " for values from ('2025-01-01') to ('2026-01-01')"
    )
    target.execute(
        parent + "create table events_2025 partition of events"
        " for values from ('2025-01-01') to ('2026-01-01')"
    )
    model = load_model(source)
    partition = next(t for t in model.tables if t.name == "events_2025")
    assert (partition.columns, partition.partition_of) == ((), "public.events")
    assert compare(model, load_model(target)) == []


def test_an_invalid_index_is_created_again(source, target):
    for conn in (source, target):
        conn.execute("create table t (id integer); insert into t values (1), (1)")
    source.execute("delete from t; create unique index t_id on t (id)")
    with pytest.raises(psycopg.errors.UniqueViolation):
        target.execute("create unique index concurrently t_id on t (id)")
    target.execute("delete from t")
    changes = compare(load_model(source), load_model(target))
    assert [c.describe() for c in changes] == [
        "drop (to re-create) index t_id on public.t",
        "create index t_id on public.t",
    ]
    target.execute(render(changes))
    assert compare(load_model(source), load_model(target)) == []


@pytest.fixture
def role(source):
    name = f"pgshift_reader_{os.getpid()}"
    source.execute(f"drop role if exists {name}; create role {name}")
    yield name
    for db in (source,):
        db.execute(f"drop role {name}")


def test_privileges_compared_only_when_asked(source, target, role):
    schema = (
        "create schema s; create table s.t (id integer); create view s.v as select id from s.t;"
        "create function s.f() returns integer language sql as $$ select 1 $$;"
        "create type s.e as enum ('a')"
    )
    try:
        for conn in (source, target):
            conn.execute(schema)
        source.execute(
            f"grant usage on schema s to {role}; grant select on s.t to {role} with grant option;"
            f"grant select, insert on s.v to {role}; revoke execute on function s.f() from public;"
            f"grant execute on function s.f() to {role}; revoke usage on type s.e from public"
        )
        assert compare(load_model(source), load_model(target)) == []
        changes = compare(load_model(source), load_model(target), include=Include.PRIVILEGES)
        assert [c.describe() for c in changes] == [
            "change privileges on schema s",
            "change privileges on enum s.e",
            "change privileges on table s.t",
            "change privileges on function s.f()",
            "change privileges on view s.v",
        ]
        script = render(changes)
        assert 'revoke execute on function "s"."f"() from public;' in script
        assert f'grant select on table "s"."t" to "{role}" with grant option;' in script
        target.execute(script)
        assert compare(load_model(source), load_model(target), include=Include.PRIVILEGES) == []

        # A view dropped and created again gets back the grants it had, asked or not.
        source.execute("create or replace view s.v as select id, 1 as one from s.t")
        source.execute("drop view s.v; create view s.v as select 1 as one, id from s.t")
        source.execute(f"grant select, insert on s.v to {role}")
        script = render(compare(load_model(source), load_model(target)))
        assert f'grant insert on table "s"."v" to "{role}";' in script
        target.execute(script)
        assert compare(load_model(source), load_model(target), include=Include.PRIVILEGES) == []
    finally:
        for conn in (source, target):
            conn.execute("drop schema if exists s cascade")


def test_a_column_added_again_gets_back_its_grants(source, target):
    # A new generation expression drops and adds the column again; without Include.PRIVILEGES
    # the target's grants on it come back, as they do for an object created again.
    for conn in (source, target):
        conn.execute(
            "create table prices (net numeric, gross numeric generated always as (net * 2) stored);"
            " grant select (gross) on prices to public"
        )
    source.execute(
        "alter table prices drop column gross;"
        " alter table prices add column gross numeric generated always as (net * 3) stored"
    )
    target.execute(render(compare(load_model(source), load_model(target)), allow_destructive=True))
    source.execute("grant select (gross) on prices to public")
    assert compare(load_model(source), load_model(target), include=Include.PRIVILEGES) == []


def test_what_an_owner_revoked_from_itself_compares_whoever_owns_it(source, target, role):
    try:
        for conn in (source, target):
            conn.execute("create table t (id integer); revoke delete on t from current_user")
        source.execute(f"alter table t owner to {role}")
        # The same privilege taken away by two owners: privileges match, owners do not.
        assert compare(load_model(source), load_model(target), include=Include.PRIVILEGES) == []

        source.execute(f"revoke update on t from {role}")
        include = Include.PRIVILEGES | Include.OWNERS
        changes = compare(load_model(source), load_model(target), include=include)
        assert [c.describe() for c in changes] == [
            f"set owner of table public.t to {role}",
            "change privileges on table public.t",
        ]
        # The owner is set first, and takes the ACL with it: then the update goes.
        script = render(changes)
        assert script.index(f'owner to "{role}"') < script.index(
            f'revoke update on table "public"."t" from "{role}";'
        )
        target.execute(script)
        assert compare(load_model(source), load_model(target), include=include) == []
    finally:
        for conn in (source, target):
            conn.execute("drop table if exists t")


# Columns whose new type limits the length of their values: the target's type, the source's,
# a value too long for the new type, one that fits and that one as the new type prints it.
# `code` is a domain over text in the target, over varchar(5) in the source (rebuilt).
LIMITED = {
    "text to varchar": ("text", "varchar(5)", "'abcdefgh'", "'abc'", "abc"),
    "integer to character": ("integer", "character(3)", "12345", "12", "12"),
    "enum to varchar": ("mood", "varchar(5)", "'abcdefgh'", "'ok'", "ok"),
    "array": ("text[]", "varchar(5)[]", "'{abcdefgh}'", "'{abc}'", "{abc}"),
    "text to an array": ("text", "varchar(5)[]", "'{abcdefgh}'", "'{a,bb}'", "{a,bb}"),
    "varchar to an array": ("varchar(10)", "varchar(5)[]", "'{abcdefgh}'", "'{a}'", "{a}"),
    "bit varying": ("bit varying", "bit varying(3)", "B'10101'", "B'101'", "101"),
    "narrower": ("varchar(10)", "varchar(5)", "'abcdefgh'", "'abc'", "abc"),
    "bit narrowed": ("bit(5)", "bit(3)", "B'10101'", "NULL", None),
    "text to bit": ("text", "bit(3)", "'10101'", "'101'", "101"),
    "rebuilt domain": ("code", "code", "'abcdefgh'", "'abc'", "abc"),
}


@pytest.mark.parametrize(
    ("old", "new", "too_long", "fits", "text"), LIMITED.values(), ids=list(LIMITED)
)
def test_a_value_too_long_for_a_column_s_new_type_stops_the_script(
    source, target, old, new, too_long, fits, text
):
    """An explicit cast to a length-limited type cuts a value to it silently: the values are
    cast to the type without its limit and stored by assignment, which refuses one that does
    not fit (found by review: `USING "c"::public.code` kept 'abcde' of 'abcdefgh'; then, with
    no USING at all, a text column could not become an array, found by a second review)."""
    types = "create type mood as enum ('abcdefgh', 'ok');"
    source.execute(f"{types} create domain code as varchar(5); create table t (c {new})")
    target.execute(f"{types} create domain code as text; create table t (c {old})")
    target.execute(f"insert into t values ({too_long})")
    script = render(compare(load_model(source), load_model(target)), allow_destructive=True)
    with pytest.raises(psycopg.errors.DataError):
        target.execute(script)
    target.execute(f"update t set c = {fits}")
    target.execute(script)
    assert compare(load_model(source), load_model(target)) == []
    assert target.execute("select c::text from t").fetchall() == [(text,)]


def test_a_bit_string_widened_is_padded_as_postgresql_casts_it(source, target):
    """bit(n) keeps the explicit cast: stored by assignment, a value of any other length is
    refused, shorter too, and a column could not be widened (found by review)."""
    source.execute("create table t (b bit(5))")
    target.execute("create table t (b bit(3)); insert into t values (B'101')")
    script = render(compare(load_model(source), load_model(target)), allow_destructive=True)
    target.execute(script)
    assert compare(load_model(source), load_model(target)) == []
    assert target.execute("select b::text from t").fetchall() == [("10100",)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("varchar(10)", "varchar(20)"),
        ("varchar(10)", 'varchar(10) collate "C"'),
        ("character(5)", 'character(5) collate "C"'),
        ("bit varying(4)", "bit varying(8)"),
    ],
)
def test_a_wider_limit_or_a_new_collation_does_not_rewrite_the_table(source, target, old, new):
    """Within a family of length-limited types nothing is cast: a wider limit or a collation
    changes the catalog only, as PostgreSQL does it (found by review: a cast to the type
    without its limit made it check, and so rewrite, every row and index)."""
    source.execute(f"create table t (id int primary key, c {new})")
    target.execute(f"create table t (id int primary key, c {old}); create index on t (c)")
    target.execute("insert into t (id) values (1)")
    before = target.execute("select pg_relation_filenode('t')").fetchone()
    script = render(compare(load_model(source), load_model(target)), allow_destructive=True)
    assert "using" not in script.lower()
    target.execute(script)
    assert target.execute("select pg_relation_filenode('t')").fetchone() == before
    assert compare(load_model(source), load_model(target)) == []


def test_a_rebuilt_domain_within_its_family_refuses_a_value_too_long(source, target):
    """A domain made again over a narrower varchar converts its columns by assignment, from the
    renamed domain: a value too long stops the script, one that fits is kept."""
    source.execute("create domain code as varchar(3); create table t (c code, cs code[])")
    target.execute("create domain code as varchar(10); create table t (c code, cs code[])")
    target.execute("insert into t values ('abcdefgh', '{abc}')")
    script = render(compare(load_model(source), load_model(target)), allow_destructive=True)
    with pytest.raises(psycopg.errors.StringDataRightTruncation):
        target.execute(script)
    target.execute("update t set c = 'abc'")
    target.execute(script)
    assert compare(load_model(source), load_model(target)) == []
    assert target.execute("select c::text, cs::text from t").fetchall() == [("abc", "{abc}")]


def test_an_enum_of_a_schema_named_like_a_string_type_converts_through_text(source, target):
    """Families are told apart by format_type's full names: an enum in a schema named
    `characters` is no `character(n)` (found by review: it was converted with no USING)."""
    source.execute("create schema characters; create table t (c character(5))")
    target.execute(
        "create schema characters; create type characters.e as enum ('ab');"
        " create table t (c characters.e); insert into t values ('ab')"
    )
    script = render(compare(load_model(source), load_model(target)), allow_destructive=True)
    assert 'using "c"::text::bpchar' in script
    target.execute(script)
    assert target.execute("select c from t").fetchall() == [("ab   ",)]
