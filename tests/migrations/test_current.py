import threading
import time

from pgshift.config import load_config
from pgshift.migrations.watch import watch
from pgshift.targets import resolve_target


def test_watch_once_runs_current_and_skips_when_only_comments_change(project):
    current = project.write("migrations/current.sql", "create table if not exists t (id int);\n")
    first = project.run("watch", "--once")
    assert first.code == 0, first.err
    assert "current.sql: applied" in first.err
    current.write_text("-- a comment\ncreate   table if not exists t (id int);\n")
    second = project.run("watch", "--once")
    assert "current.sql: unchanged, skipped" in second.err
    assert project.query("select content from pgshift.current") == [(current.read_text(),)]


def test_failing_current_leaves_database_unchanged_and_points_at_the_line(project):
    project.write("migrations/current.sql", "create table t1 (id int);\n\nselect nope from t1;\n")
    result = project.run("watch", "--once")
    assert result.code == 65
    assert (
        f'{project.migrations / "current.sql"}:3:8: column "nope" does not exist [42703]'
        in result.err
    )
    assert project.query("select to_regclass('t1')") == [(None,)]
    assert project.query("select count(*) from pgshift.current") == [(0,)]


def test_current_folder_joins_parts_and_reports_errors_in_the_right_file(project):
    folder = project.migrations / "current"
    folder.mkdir()
    (folder / "001-first.sql").write_text("create table if not exists a (id int);\n")
    (folder / "002-second.sql").write_text(
        "\n\ncreate table if not exists b (id int);\nselect bad;\n"
    )
    result = project.run("watch", "--once")
    assert result.code == 65
    assert f'{folder / "002-second.sql"}:4:8: column "bad" does not exist' in result.err
    (folder / "002-second.sql").write_text("create table if not exists b (id int);\n")
    assert project.run("watch", "--once").code == 0
    assert project.query("select to_regclass('a') is not null, to_regclass('b') is not null") == [
        (True, True)
    ]
    assert project.run("commit", "-m", "two parts").code == 0
    committed = next((project.migrations / "committed").iterdir()).read_text()
    assert (
        "--! split: 001-first.sql\ncreate table if not exists a (id int);\n\n--! split: 002-second.sql\n"
        in committed
    )
    # Left as graphile-migrate leaves it: one file holding the blank migration content.
    assert sorted(p.name for p in folder.iterdir()) == ["1-current.sql"]
    assert (folder / "1-current.sql").read_text() == "-- Enter migration here\n"


def test_current_file_and_folder_together_is_an_error(project):
    project.write("migrations/current.sql", "select 1;\n")
    (project.migrations / "current").mkdir()
    result = project.run("status")
    assert result.code == 65
    assert "keep only one of them" in result.err


def test_include_inlines_fixture_and_uncommit_folds_it_back(project):
    project.write(
        "migrations/fixtures/functions/answer.sql",
        "create or replace function answer() returns int language sql as 'select 42';\n",
    )
    project.write("migrations/current.sql", "--! include functions/answer.sql\nselect answer();\n")
    assert project.run("watch", "--once").code == 0
    assert project.query("select answer()") == [(42,)]
    assert project.run("commit").code == 0
    committed = next((project.migrations / "committed").iterdir())
    assert committed.read_text().endswith(
        "\n\n--! Included functions/answer.sql\n"
        "create or replace function answer() returns int language sql as 'select 42';\n"
        "--! EndIncluded functions/answer.sql\nselect answer();\n"
    )
    assert project.run("uncommit").code == 0
    assert (project.migrations / "current.sql").read_text() == (
        "--! include functions/answer.sql\nselect answer();\n"
    )


def test_include_outside_fixtures_is_refused(project):
    project.write("secret.sql", "select 1;\n")
    project.write("migrations/current.sql", "--! include ../../secret.sql\n")
    result = project.run("watch", "--once")
    assert result.code == 65
    assert (
        f"{project.migrations / 'current.sql'}:1: include '../../secret.sql' points outside"
        in result.err
    )


def test_watch_applies_a_saved_change(project, monkeypatch):
    monkeypatch.chdir(project.root)
    current = project.write("migrations/current.sql", "create table if not exists w (id int);\n")
    config = load_config(project.root)
    stopping = threading.Event()
    events = []

    def consume():
        for event in watch(config, resolve_target(config), stop=stopping.is_set):
            events.append((time.perf_counter(), event))

    thread = threading.Thread(target=consume)
    thread.start()
    deadline = time.time() + 10
    while not events and time.time() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    current.write_text(
        "create table if not exists w (id int);\nalter table w add column if not exists x int;\n"
    )
    while len(events) < 2 and time.time() < deadline:
        time.sleep(0.02)
    stopping.set()
    thread.join(timeout=5)
    assert len(events) >= 2
    assert events[1][1].result.ran
    assert project.query(
        "select count(*) from information_schema.columns where table_name = 'w'"
    ) == [(2,)]
