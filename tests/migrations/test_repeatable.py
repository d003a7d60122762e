"""Repeatable migrations: source files run again whenever they change, recorded by hash."""

import json

from migrations.helpers import write_history


def _repeatable(project, name, text):
    return project.write(f"migrations/repeatable/{name}", text)


def test_changed_unchanged_and_deleted_files(project):
    write_history(project.migrations, ["create table t (id int);"])
    _repeatable(project, "20_view.sql", "create or replace view v as select id from t;\n")
    _repeatable(
        project,
        "10_fn.sql",
        "create or replace function one() returns int as $$ select 1 $$ language sql;\n",
    )
    first = project.run("migrate")
    assert first.code == 0, first.err
    assert first.out.splitlines()[:3] == [
        "applied 000001.sql",
        "applied repeatable/10_fn.sql",
        "applied repeatable/20_view.sql",
    ]
    assert project.run("migrate").out.endswith(": up to date\n")  # unchanged: nothing runs
    _repeatable(
        project,
        "10_fn.sql",
        "create or replace function one() returns int as $$ select 11 $$ language sql;\n",
    )
    status = project.run("status", "--json")
    assert status.code == 1 and json.loads(status.out)["pending"] == ["repeatable/10_fn.sql"]
    verify = project.run("verify")
    assert (
        verify.code == 1
        and "the repeatable file changed since the database last ran it" in verify.out
    )
    again = project.run("migrate")
    assert again.out.splitlines()[0] == "applied repeatable/10_fn.sql"
    assert project.query("select one()") == [(11,)]
    (project.migrations / "repeatable" / "20_view.sql").unlink()
    assert "repeatable/20_view.sql: deleted" in project.run("verify").out
    assert project.run("migrate").code == 0
    assert project.query("select filename from pgshift.repeatable") == [("10_fn.sql",)]
    assert project.run("verify").code == 0


def test_before_files_run_before_committed_migrations(project):
    _repeatable(
        project,
        "before/helpers.sql",
        "create or replace function two() returns int as $$ select 2 $$ language sql;\n",
    )
    _repeatable(project, "after.sql", "create or replace view uses as select * from t;\n")
    write_history(project.migrations, ["create table t as select two() as n;"])
    result = project.run("migrate")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:3] == [
        "applied repeatable/before/helpers.sql",
        "applied 000001.sql",
        "applied repeatable/after.sql",
    ]
    assert project.query("select n from uses") == [(2,)]


def test_a_failing_file_names_its_line_and_records_nothing(project):
    _repeatable(project, "bad.sql", "create table a (id int);\n\nselect 1/0;\n")
    result = project.run("migrate")
    assert result.code == 65
    path = project.migrations / "repeatable" / "bad.sql"
    assert f"pgshift: error: {path}:3:1: division by zero [22012]" in result.err
    assert project.query("select to_regclass('a')") == [(None,)]
    assert project.query("select count(*) from pgshift.repeatable") == [(0,)]


def test_placeholders_and_includes_work_and_an_included_fixture_change_reruns(project):
    toml = project.root / "pgshift.toml"
    toml.write_text('placeholders = { ":ROLE" = "app" }\n' + toml.read_text())
    project.write("migrations/fixtures/body.sql", "select 'v1'::text as version\n")
    _repeatable(
        project,
        "v.sql",
        "create or replace view who as select ':ROLE'::text as role, * from (\n--! include body.sql\n) s;\n",
    )
    assert project.run("migrate").code == 0
    assert project.query("select role, version from who") == [("app", "v1")]
    project.write("migrations/fixtures/body.sql", "select 'v2'::text as version\n")
    assert project.run("migrate").out.splitlines()[0] == "applied repeatable/v.sql"
    assert project.query("select version from who") == [("v2",)]


def test_commit_checks_repeatable_files_on_the_shadow_database(project):
    _repeatable(project, "broken.sql", "select nope;\n")
    project.write("migrations/current.sql", "create table c (id int);\n")
    result = project.run("commit", "-m", "c")
    assert result.code == 65
    assert f"{project.migrations / 'repeatable' / 'broken.sql'}:1:8" in result.err
    assert list((project.migrations / "committed").iterdir()) == []


def test_watch_runs_a_saved_repeatable_file_again(project, monkeypatch):
    import threading
    import time

    from pgshift.config import load_config
    from pgshift.migrations.watch import watch
    from pgshift.targets import resolve_target

    monkeypatch.chdir(project.root)
    path = _repeatable(
        project,
        "f.sql",
        "create or replace function f() returns int as $$ select 1 $$ language sql;\n",
    )
    config = load_config(project.root)
    stopping = threading.Event()
    events = []
    thread = threading.Thread(
        target=lambda: events.extend(watch(config, resolve_target(config), stop=stopping.is_set))
    )
    thread.start()
    try:
        deadline = time.time() + 10
        while not events and time.time() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
        path.write_text(
            "create or replace function f() returns int as $$ select 2 $$ language sql;\n"
        )
        while project.query("select f()") != [(2,)] and time.time() < deadline:
            time.sleep(0.05)
    finally:
        stopping.set()
        thread.join(timeout=5)
    assert project.query("select f()") == [(2,)]


def test_commit_warns_when_a_repeatable_change_breaks_callers(project):
    import subprocess

    def git(*args):
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True)

    _repeatable(
        project,
        "fn.sql",
        "create or replace function area(r int) returns int as $$ select r * r $$ language sql;\n",
    )
    git("init", "-q")
    git("add", ".")
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "start")
    _repeatable(
        project,
        "fn.sql",
        "create or replace function area(r bigint) returns int as $$ select (r * r)::int $$ language sql;\n",
    )
    project.write("migrations/current.sql", "create table c (id int);\n")
    result = project.run("commit", "-m", "c")
    assert result.code == 0, result.err
    assert "pgshift: warning: repeatable file: " in result.err
    assert "area" in result.err
