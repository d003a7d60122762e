"""Small tables: read by pgshift in the snapshot, written by psql sessions it feeds."""

from __future__ import annotations

import psycopg

from pgshift.cloning import CloneOptions, clone, inprocess

from .helpers import contents


def _run(dsn: str, text: str) -> list[tuple]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.execute(text)
        return cur.fetchall() if cur.description else []


def test_many_small_tables_are_written_in_batches_by_two_sessions(database, target, monkeypatch):
    _run(
        database,
        "do $$ begin for n in 1..120 loop"
        " execute format('create table %I (id int primary key, note text)', 't_' || n);"
        " execute format('insert into %I select g, repeat(''n'', 40) || g"
        " from generate_series(1, %s) g', 't_' || n, 10 * n); end loop; end $$",
    )  # 5 MB in all: more than the pipe to the schema's psql holds
    monkeypatch.setattr(inprocess, "BATCH_TABLES", 5)
    sessions = []
    real = inprocess.TargetSession.__init__

    def counted(self, *args, **kwargs):
        sessions.append(kwargs.get("head", ()))
        real(self, *args, **kwargs)

    monkeypatch.setattr(inprocess.TargetSession, "__init__", counted)
    result = clone(database, target, CloneOptions(jobs=2))
    assert result.verified
    # The schema's session, then one more once the schema was committed.
    assert [bool(head) for head in sessions] == [True, False]
    assert contents(target) == contents(database)
    assert _run(target, "select count(*) from t_120") == [(1200,)]


def test_one_job_writes_through_the_schema_session_alone(database, target, monkeypatch):
    _run(database, "create table a (id int); insert into a values (1), (2)")
    sessions = []
    real = inprocess.TargetSession.__init__

    def counted(self, *args, **kwargs):
        sessions.append(kwargs.get("head", ()))
        real(self, *args, **kwargs)

    monkeypatch.setattr(inprocess.TargetSession, "__init__", counted)
    clone(database, target, CloneOptions(jobs=1))
    assert len(sessions) == 1
    assert _run(target, "select id from a order by id") == [(1,), (2,)]


def test_dates_and_intervals_read_back_whatever_the_servers_print(database, target):
    # The source prints day-first dates and SQL-standard intervals by default; the text COPY
    # data must still mean the same on a target that reads month-first.
    name = psycopg.conninfo.conninfo_to_dict(database)["dbname"]
    _run(database, f"alter database \"{name}\" set datestyle = 'SQL, DMY'")
    _run(database, f"alter database \"{name}\" set intervalstyle = 'sql_standard'")
    _run(
        database,
        "create table moments (d date, i interval, t timestamptz, n numeric);"
        " insert into moments values ('2024-02-13', '1 year 2 days 03:04:05', "
        " '2024-02-13 12:00:00+00', 1.5)",
    )
    clone(database, target)
    query = "select d::text, i::text, (t at time zone 'UTC')::text, n::text from moments"
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute("set datestyle = ISO")
        conn.execute("set intervalstyle = postgres")
        copied = conn.execute(query).fetchall()
    assert copied == [("2024-02-13", "1 year 2 days 03:04:05", "2024-02-13 12:00:00", "1.5")]


def test_a_table_whose_only_columns_are_generated_keeps_its_rows(
    database, shadow_database, copy_path
):
    """No column to name in a COPY: the rows (and the empty table's) still arrive, counted."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(
            "create table onlyg (g int generated always as (1) stored);"
            " insert into onlyg default values; insert into onlyg default values;"
            " insert into onlyg default values;"
            " create table nog (g int generated always as (2) stored);"
            " create table nocolumns (); insert into nocolumns default values;"
        )
    result = clone(database, shadow_database, CloneOptions(jobs=2))
    assert result.verified
    with psycopg.connect(shadow_database, autocommit=True) as conn:
        got = conn.execute(
            "select (select count(*) from onlyg), (select sum(g) from onlyg),"
            " (select count(*) from nog), (select count(*) from nocolumns)"
        ).fetchone()
    assert got == (3, 3, 0, 1)
