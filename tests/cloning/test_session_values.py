"""Rows travel and are checksummed as text: every session of a clone prints values alike,
whatever the source's or the target's database (or role) settings say."""

from __future__ import annotations

import psycopg
import pytest

from pgshift.cloning import CloneOptions, clone

# An enum column: rows go as text (no binary COPY) and are checksummed as text (not by value).
FLOATS = """
create type tag as enum ('x');
create table floats (id int primary key, d float8, r float4, t tag);
insert into floats values (1, 1 / 3.0::float8, 1 / 3.0::float4, 'x'),
                          (2, 0.1::float8 + 0.2::float8, 2 / 3.0::float4, 'x');
"""


def _set_database(dsn: str, setting: str, value: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("alter database {} set {} = {}").format(
                psycopg.sql.Identifier(conn.info.dbname),
                psycopg.sql.Identifier(setting),
                psycopg.sql.Literal(value),
            )
        )


@pytest.mark.parametrize("side", ["source", "target"])
def test_floats_keep_every_digit_whatever_extra_float_digits_says(
    database, shadow_database, copy_path, side
):
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(FLOATS)
    _set_database(database if side == "source" else shadow_database, "extra_float_digits", "0")
    result = clone(database, shadow_database, CloneOptions(jobs=2))
    assert result.verified
    with psycopg.connect(shadow_database, autocommit=True) as conn:
        rows = conn.execute(
            "select d = 1 / 3.0::float8, r = (1 / 3.0::float4)::float4 from floats where id = 1"
            " union all select d = 0.1::float8 + 0.2::float8, r = (2 / 3.0::float4)::float4"
            " from floats where id = 2"
        ).fetchall()
    assert rows == [(True, True), (True, True)]


TEXTS = """
create table "Grüße" (id int primary key, note text, t tag);
insert into "Grüße" values (1, 'Привет, 世界', 'x'), (2, 'naïve ünïcode €', 'x');
"""


@pytest.mark.parametrize("side", ["source", "target"])
def test_rows_are_read_in_the_database_encoding_whatever_client_encoding_says(
    database, shadow_database, copy_path, side
):
    """A database set to `client_encoding = LATIN1` (which cannot hold Cyrillic or Chinese):
    pgshift's sessions use the source database's encoding, as pg_dump does."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("create type tag as enum ('x')")
        conn.execute(TEXTS)
    _set_database(database if side == "source" else shadow_database, "client_encoding", "LATIN1")
    assert clone(database, shadow_database, CloneOptions(jobs=2)).verified
    query = 'select id, note from "Grüße" order by id'
    with psycopg.connect(shadow_database, autocommit=True) as conn:
        conn.execute("set client_encoding = 'UTF8'")
        got = conn.execute(query).fetchall()
    assert got == [(1, "Привет, 世界"), (2, "naïve ünïcode €")]


TIMES = """
create table times (id int primary key, at timestamptz, span tstzrange, t tag);
insert into times values
    (1, '2024-03-01 12:34:56.789+00', tstzrange('2024-01-01 00:00+00', '2024-06-30 23:59+02'), 'x'),
    (2, '1999-12-31 23:59:59+05:30', '[2000-01-01 00:00+09,)', 'x');
"""


@pytest.mark.parametrize("side", ["source", "target"])
def test_a_source_and_target_in_other_time_zones_verify(database, shadow_database, copy_path, side):
    """Rows of times with a time zone are printed (COPY text, checksums of the row's text) in
    UTC in every session, whatever the database's TimeZone."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("create type tag as enum ('x')")
        conn.execute(TIMES)
    _set_database(database if side == "source" else shadow_database, "TimeZone", "Asia/Tokyo")
    assert clone(database, shadow_database, CloneOptions(jobs=2)).verified
    query = "select id, at, span from times order by id"
    with (
        psycopg.connect(database, autocommit=True) as a,
        psycopg.connect(shadow_database, autocommit=True) as b,
    ):
        assert b.execute(query).fetchall() == a.execute(query).fetchall()
