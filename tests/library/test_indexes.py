"""Indexes and constraints: the DDL created, names, idempotence, hostile and long names."""

from __future__ import annotations

import pytest
from psycopg import sql

from .helpers import HOSTILE, scalar, sqlstate_of


def index_defs(conn, table="public.items"):
    return dict(
        conn.execute(
            "select c.relname, pg_get_indexdef(i.indexrelid) from pg_index i"
            " join pg_class c on c.oid = i.indexrelid where i.indrelid = %s::regclass"
            " and not i.indisprimary",
            [table],
        ).fetchall()
    )


def constraint_defs(conn, table="public.items", kinds=("u", "f", "c")):
    return dict(
        conn.execute(
            "select conname, pg_get_constraintdef(oid) from pg_constraint"
            " where conrelid = %s::regclass and contype = any(%s::char[])",
            [table, list(kinds)],
        ).fetchall()
    )


@pytest.fixture
def items(lib):
    lib.execute(
        "create table public.items (id int primary key, name text, created_at timestamptz,"
        " position int)"
    )
    return lib


def test_indexes_created_with_consistent_names(items):
    lib = items
    calls = [
        ("select pgshift_define.define_index('public.items', 'name')", "items_name_idx"),
        (
            "select pgshift_define.define_multi_column_index('public.items', '{name,created_at}')",
            "items_name_created_at_idx",
        ),
        ("select pgshift_define.define_unique_index('public.items', '{name}')", "items_name_uidx"),
        (
            "select pgshift_define.define_index_with_id('public.items', 'created_at')",
            ["items_created_at_id_asc_idx", "items_created_at_id_desc_idx"],
        ),
    ]
    for _ in range(2):  # a second call changes nothing
        for query, name in calls:
            assert scalar(lib, query) == name
    assert index_defs(lib) == {
        "items_name_idx": "CREATE INDEX items_name_idx ON public.items USING btree (name)",
        "items_name_created_at_idx": "CREATE INDEX items_name_created_at_idx ON public.items USING btree (name, created_at)",
        "items_name_uidx": "CREATE UNIQUE INDEX items_name_uidx ON public.items USING btree (name)",
        "items_created_at_id_asc_idx": "CREATE INDEX items_created_at_id_asc_idx ON public.items USING btree (created_at, id)",
        "items_created_at_id_desc_idx": "CREATE INDEX items_created_at_id_desc_idx ON public.items USING btree"
        " (created_at DESC NULLS LAST, id DESC)",
    }


def test_unique_and_deferred_constraints(items):
    lib = items
    for _ in range(2):
        assert (
            scalar(lib, "select pgshift_define.define_unique_constraint('public.items', '{name}')")
            == "items_name_key"
        )
        assert (
            scalar(
                lib,
                "select pgshift_define.define_deferred_unique_constraint("
                "'public.items', '{position}')",
            )
            == "items_position_deferred_key"
        )
    assert constraint_defs(lib) == {
        "items_name_key": "UNIQUE (name)",
        "items_position_deferred_key": 'UNIQUE ("position") DEFERRABLE INITIALLY DEFERRED',
    }
    # Deferred: two rows may swap positions inside one transaction.
    lib.execute("insert into public.items (id, position) values (1, 1), (2, 2)")
    with lib.transaction():
        lib.execute("update public.items set position = 2 where id = 1")
        lib.execute("update public.items set position = 1 where id = 2")
    assert sqlstate_of(lib, "update public.items set position = 1")[0] == "23505"


def test_trigram_index_needs_pg_trgm(items):
    lib = items
    state, message = sqlstate_of(
        lib, "select pgshift_define.define_trigram_index('public.items', 'name')"
    )
    assert (state, message) == (
        "PS004",
        "pgshift_define.define_trigram_index: the pg_trgm extension is not installed"
        " in this database",
    )
    lib.execute("create schema ext; create extension pg_trgm schema ext")
    assert scalar(lib, "select pgshift_define.define_trigram_index('public.items', 'name')") == (
        "items_name_trgm_idx"
    )
    assert index_defs(lib)["items_name_trgm_idx"] == (
        "CREATE INDEX items_name_trgm_idx ON public.items USING gin (name ext.gin_trgm_ops)"
    )


def test_hostile_names_are_quoted(lib):
    name = sql.Identifier(HOSTILE)
    lib.execute(
        sql.SQL("create schema {n}; create table {n}.{n} ({n} text, id int)").format(n=name)
    )
    table = sql.SQL("{n}.{n}").format(n=name).as_string(lib)
    index = scalar(lib, "select pgshift_define.define_index(%s::regclass, %s)", [table, HOSTILE])
    assert index == f"{HOSTILE}_{HOSTILE}_idx"
    unique = scalar(
        lib,
        "select pgshift_define.define_unique_constraint(%s::regclass, ARRAY[%s])",
        [table, HOSTILE],
    )
    assert unique == f"{HOSTILE}_{HOSTILE}_key"
    assert scalar(lib, "select pgshift_define.column_exists(%s::regclass, %s)", [table, HOSTILE])
    assert not scalar(lib, "select pgshift_define.column_exists(%s::regclass, 'X')", [table])
    assert scalar(lib, "select pgshift_define.qualified_name(%s::regclass)", [table]) == table
    assert scalar(lib, "select count(*) from pg_indexes where schemaname = %s", [HOSTILE]) == 2


def test_search_path_does_not_matter(items):
    lib = items
    lib.execute("create schema other; create table other.items (id int, name text)")
    lib.execute("set search_path to other, public")
    assert (
        scalar(lib, "select pgshift_define.define_index('public.items', 'name')")
        == "items_name_idx"
    )
    assert "public.items" in index_defs(lib, "public.items")["items_name_idx"]
    assert index_defs(lib, "other.items") == {}
    lib.execute("reset search_path")


def test_long_names_raise_naming_the_argument(lib):
    table = "t" * 55
    lib.execute(
        sql.SQL("create table public.{} (id int, label text)").format(sql.Identifier(table))
    )
    for query, argument in [
        ("select pgshift_define.define_index(%s::regclass, 'label')", "index_name"),
        ("select pgshift_define.define_index_with_id(%s::regclass, 'label')", "index_name"),
        (
            "select pgshift_define.define_unique_constraint(%s::regclass, '{label}')",
            "constraint_name",
        ),
        ("select pgshift_define.define_unique_index(%s::regclass, '{label}')", "index_name"),
    ]:
        state, message = sqlstate_of(lib, query, [f"public.{table}"])
        assert state == "PS002", query
        assert message.endswith(f"pass a shorter name with the {argument} argument"), message
    assert (
        scalar(
            lib,
            "select pgshift_define.define_index(%s::regclass, 'label', 'short_idx')",
            [f"public.{table}"],
        )
        == "short_idx"
    )
    # A name given by the caller is checked too, in bytes.
    assert (
        sqlstate_of(
            lib,
            "select pgshift_define.define_index(%s::regclass, 'label', %s)",
            [f"public.{table}", "é" * 32],
        )[0]
        == "PS002"
    )


def test_missing_columns_and_bad_arguments(items):
    lib = items
    assert sqlstate_of(lib, "select pgshift_define.define_index('public.items', 'nope')") == (
        "PS003",
        "pgshift_define.define_multi_column_index: table public.items has no column nope",
    )
    assert (
        sqlstate_of(lib, "select pgshift_define.define_multi_column_index('public.items', '{}')")[0]
        == "PS001"
    )
    assert (
        sqlstate_of(
            lib, "select pgshift_define.define_multi_column_index('public.items', '{name,NULL}')"
        )[0]
        == "PS001"
    )
    assert (
        sqlstate_of(
            lib,
            "select pgshift_define.replace_trigger('public.items', 'x',"
            " 'BEFORE INSERT; drop table t', 'tg_users', '{}')",
        )[0]
        == "PS001"
    )
