"""`pgshift diff` through main(): listing, exit codes, --sql, --json, refusals."""

from __future__ import annotations

import io
import json

import psycopg
import pytest

from pgshift.cli.main import main


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def pair(database, shadow_database):
    with (
        psycopg.connect(database, autocommit=True) as source,
        psycopg.connect(shadow_database, autocommit=True) as target,
    ):
        for conn in (source, target):
            conn.execute("create table items (id integer primary key, gone text)")
        source.execute("alter table items drop column gone; create index items_id2 on items (id)")
        yield database, shadow_database


def test_same_database_exit_0(database):
    code, out, err = run("diff", database, database)
    assert (code, err) == (0, "")
    assert out.endswith(" matches " + out.split(" matches ")[1])
    assert out.count("\n") == 1


def test_changes_listed_and_marked_exit_3(pair):
    source, target = pair
    code, out, err = run("diff", source, target)
    assert (code, err) == (3, "")
    lines = out.splitlines()
    assert lines[:2] == [
        "! drop column public.items.gone  (destructive)",
        "+ create index items_id2 on public.items",
    ]
    assert lines[2].startswith("2 change(s) to make ") and lines[2].endswith(", 1 destructive")


def test_sql_with_destructive_changes_is_refused_exit_4(pair, tmp_path):
    source, target = pair
    plan = tmp_path / "plan.sql"
    code, out, err = run("diff", source, target, "--sql", str(plan))
    assert code == 4
    assert not plan.exists()
    assert err == (
        f"pgshift: error: 1 destructive change(s) (marked !): nothing written to {plan}; "
        "review them and run again with --allow-destructive to include them\n"
    )


def test_sql_written_with_allow_destructive_then_nothing_left(pair, tmp_path):
    source, target = pair
    plan = tmp_path / "plan.sql"
    code, _, err = run("diff", source, target, "--sql", str(plan), "--allow-destructive")
    assert code == 3
    assert err == f"wrote 2 change(s) to {plan}\n"
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(plan.read_text())
    assert run("diff", source, target)[0] == 0


def test_sql_to_stdout_keeps_the_listing_on_stderr(pair):
    source, target = pair
    code, out, err = run("diff", source, target, "--sql", "-", "--allow-destructive")
    assert code == 3
    assert out.startswith("-- destructive: drop column public.items.gone\n")
    assert err.startswith("! drop column public.items.gone")


def test_json(pair):
    source, target = pair
    code, out, _ = run("diff", source, target, "--json")
    assert code == 3
    data = json.loads(out)
    assert data["destructive"] == 1 and data["refused"] is False
    assert data["changes"][1] == {
        "change": "create index items_id2 on public.items",
        "type": "CreateObject",
        "destructive": False,
        "sql": ["CREATE INDEX items_id2 ON public.items USING btree (id);"],
    }
    assert ":" not in data["source"].split("@")[0]  # no password


def test_json_and_sql_to_stdout_is_a_usage_error(pair):
    source, target = pair
    code, _, err = run("diff", source, target, "--json", "--sql", "-")
    assert code == 64
    assert "--json and --sql - would both write to standard output" in err


def test_unreachable_target_is_redacted(database):
    code, out, err = run("diff", database, "postgresql://app:hunter2@127.0.0.1:1/db")
    assert code == 65
    assert "hunter2" not in err + out
    assert err.startswith("pgshift: error: could not connect to app@127.0.0.1:1/db: ")


def test_help_documents_exit_codes():
    code, out, _ = run("diff", "--help")
    assert code == 0
    assert "Exit codes: 0 the databases match; 3 changes found" in " ".join(out.split())


def test_schema_filter_owners_and_sequence_values(database, shadow_database):
    with (
        psycopg.connect(database, autocommit=True) as source,
        psycopg.connect(shadow_database, autocommit=True) as target,
    ):
        for conn in (source, target):
            conn.execute("create schema a; create schema b; create sequence a.s")
        source.execute("create table b.only_here (id integer); select nextval('a.s')")
    assert run("diff", database, shadow_database, "--schema", "a")[0] == 0
    code, out, _ = run("diff", database, shadow_database, "--schema", "a", "--sequence-values")
    assert code == 3
    assert out.splitlines()[0] == "~ set sequence a.s to 1 (is_called True)"
    assert run("diff", database, shadow_database, "--schema", "a", "--owners")[0] == 0
    code, out, _ = run("diff", database, shadow_database)
    assert (code, out.splitlines()[0]) == (3, "+ create table b.only_here")


def test_names_are_listed_as_sql_writes_them(database, shadow_database):
    with psycopg.connect(database, autocommit=True) as source:
        source.execute('create table "user" (id integer, "Select" text, "my col" text)')
        source.execute('create index "User Index" on "user" (id)')
    with psycopg.connect(shadow_database, autocommit=True) as target:
        target.execute('create table "user" (id integer)')
    code, out, _ = run("diff", database, shadow_database)
    assert code == 3
    assert out.splitlines()[:3] == [
        '+ add column public."user"."Select"',
        '+ add column public."user"."my col"',
        '+ create index "User Index" on public."user"',
    ]
