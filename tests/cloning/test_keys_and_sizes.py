"""clone cases found in review: constraints that must wait for the rows, indexes that carry
more than the key, tables whose size is in TOAST, and verification errors."""

from __future__ import annotations

import os

import psycopg
import pytest

from pgshift.cloning import clone, inprocess
from pgshift.cloning.catalog import load_tables
from pgshift.errors import CloneError

from .helpers import contents, schema_text


def _query(dsn: str, text: str) -> list[tuple]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.execute(text)
        return cur.fetchall() if cur.description else []


def test_a_not_valid_not_null_constraint_waits_for_the_rows(database, target, copy_path):
    with psycopg.connect(database, autocommit=True) as conn:
        if conn.info.server_version < 180000:
            pytest.skip("NOT NULL ... NOT VALID is new in PostgreSQL 18")
        conn.execute("""
            create table legacy (id int primary key, v text);
            insert into legacy values (1, 'a'), (2, null);
            alter table legacy add constraint v_not_null not null v not valid;
        """)
    result = clone(database, target)
    assert result.verified
    assert _query(target, "select id, v from legacy order by id") == [(1, "a"), (2, None)]
    assert _query(
        target, "select convalidated from pg_constraint where conname = 'v_not_null'"
    ) == [(False,)]


def test_replica_identity_and_cluster_on_a_key_are_kept(database, target, copy_path):
    _query(
        database,
        """create table events (id int primary key, body text);
           alter table events replica identity using index events_pkey;
           alter table events cluster on events_pkey;
           insert into events select g, 'e' || g from generate_series(1, 50) g;""",
    )
    result = clone(database, target)
    assert result.verified
    assert schema_text(target) == schema_text(database)
    assert _query(
        target,
        "select c.relreplident, i.indisreplident, i.indisclustered from pg_index i"
        " join pg_class c on c.oid = i.indrelid where c.relname = 'events'",
    ) == [("i", True, True)]


def test_a_table_of_large_values_is_not_small(database, target):
    # A few values stored out of line: the heap is one page, TOAST holds megabytes.
    _query(
        database,
        """create table docs (id int primary key, body text);
           alter table docs alter column body set storage external;
           insert into docs select g, (select string_agg(md5(g::text || n::text), '')
                                       from generate_series(1, 12000) n)
           from generate_series(1, 4) g;""",
    )
    with psycopg.connect(database) as conn:
        table = next(t for t in load_tables(conn) if t.name == "docs")
    assert table.bytes < inprocess.SMALL_TABLE_BYTES < table.stored_bytes
    assert not inprocess.is_small_table(table)
    clone(database, target)
    assert contents(target) == contents(database)


def test_a_checksum_the_target_refuses_names_the_table_and_side(pg, database):
    role = f"pgshift_clone_blind_{os.getpid()}"
    _query(database, "create table hidden (id int); insert into hidden values (1)")
    with pg.connect() as conn:
        conn.execute(f"drop role if exists {role}")
        conn.execute(f"create role {role} login")
    try:
        with (
            psycopg.connect(database, autocommit=True) as source,
            psycopg.connect(database.replace("postgres@", f"{role}@", 1), autocommit=True) as blind,
        ):
            table = next(t for t in load_tables(source) if t.name == "hidden")
            with pytest.raises(CloneError) as err:
                inprocess.checksums(
                    [table], source=source, target=blind, by_value=False, on_done=lambda _: None
                )
        assert str(err.value) == (
            "verification could not read public.hidden on the target: "
            "permission denied for table hidden"
        )
    finally:
        with pg.connect() as conn:
            conn.execute(f"drop role {role}")
