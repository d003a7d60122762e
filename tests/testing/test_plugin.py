"""The pgshift pytest plugin, run in inner pytest sessions (pytester) on the suite's server."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migrations.helpers import write_history

from .conftest import InnerProject

pytest_plugins = ["pytester"]

COUNT_TESTS = """
def test_first(pgshift_conn):
    pgshift_conn.execute("insert into items (name) values ('one')")
    assert pgshift_conn.execute("select count(*) from items").fetchone() == (1,)

def test_second(pgshift_conn):
    assert pgshift_conn.execute("select count(*) from items").fetchone() == (0,)

def test_url(pgshift_url):
    import psycopg
    with psycopg.connect(pgshift_url) as conn:
        rows = conn.execute("select filename from pgshift.migrations").fetchall()
    assert rows == [("000001.sql",)]
"""


def test_each_test_gets_its_own_migrated_database(inner: InnerProject) -> None:
    inner.pytester.makepyfile(test_items=COUNT_TESTS)
    result = inner.run("-v")
    result.assert_outcomes(passed=3)
    assert inner.test_databases() == []  # dropped after their tests
    assert len(inner.templates()) == 1


def test_the_template_is_reused_until_a_migration_changes(inner: InnerProject) -> None:
    inner.pytester.makepyfile(
        test_items="""
def test_columns(pgshift_conn):
    rows = pgshift_conn.execute(
        "select column_name from information_schema.columns where table_name = 'items'"
        " order by ordinal_position"
    ).fetchall()
    print("columns:", [name for (name,) in rows])
"""
    )
    inner.run("-s").assert_outcomes(passed=1)
    first = inner.templates()
    inner.run("-s").assert_outcomes(passed=1)
    assert inner.templates() == first

    inner.migrations(
        "create table items (id serial primary key, name text not null);\n",
        "alter table items add column price numeric;\n",
    )
    result = inner.run("-s")
    result.assert_outcomes(passed=1)
    assert "columns: ['id', 'name', 'price']" in result.stdout.str()
    rebuilt = inner.templates()
    assert len(rebuilt) == 1 and rebuilt != first  # the old one is dropped once unused


def test_editing_the_current_migration_keeps_the_template(inner: InnerProject) -> None:
    inner.pytester.makepyfile(test_items="def test_it(pgshift_url):\n    pass\n")
    inner.run().assert_outcomes(passed=1)
    first = inner.templates()
    (inner.root / "migrations" / "current.sql").write_text("create table wip (id int);\n")
    inner.run().assert_outcomes(passed=1)
    assert inner.templates() == first


def test_a_broken_migration_is_reported_once_with_its_line(inner: InnerProject) -> None:
    inner.migrations(
        "create table items (id serial primary key, name text not null);\n",
        "alter table items add column price numeric;\nselect nope from items;\n",
    )
    inner.pytester.makepyfile(test_items=COUNT_TESTS)
    result = inner.run()
    result.assert_outcomes(errors=3)
    # The errors section, not pytest's closing summary (which repeats messages in full when the
    # CI variable is set, and cuts them to the terminal's width otherwise).
    output = result.stdout.str().split("short test summary info")[0]
    assert output.count('column "nope" does not exist') == 1
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_first*",
            "pgshift: no test database: the migrations do not apply:",
            f'{inner.root}/migrations/committed/000002.sql:5:8: column "nope" does not exist [42703]',
            "*ERROR at setup of test_second*",
            "pgshift: no test database: the set-up failed (its error is reported once, at the "
            "first test that needed a database)",
        ]
    )
    assert "Traceback" not in output


def test_keep_leaves_the_databases_until_the_next_session(inner: InnerProject) -> None:
    inner.pytester.makepyfile(test_items=COUNT_TESTS)
    result = inner.run("--pgshift-keep")
    result.assert_outcomes(passed=3)
    kept = inner.test_databases()
    assert len(kept) == 3
    result.stdout.fnmatch_lines(
        [
            "*pgshift: kept databases (the next session drops them)*",
            f"test_items.py::test_first  postgresql://*/{kept[0]}?*",
        ]
    )
    with inner.pg.connect(kept[0]) as conn:
        assert conn.execute("select count(*) from items").fetchone() == (1,)
    inner.run().assert_outcomes(passed=3)
    assert inner.test_databases() == []


def test_no_pgshift_turns_the_plugin_off(inner: InnerProject) -> None:
    inner.pytester.makepyfile(test_items=COUNT_TESTS)
    result = inner.run("-p", "no:pgshift")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(["*fixture 'pgshift_conn' not found*"])
    assert inner.templates() == []


def test_outside_a_project_nothing_starts_and_the_fixtures_say_why(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGSHIFT_TEST_DSN", raising=False)
    pytester.makepyfile(
        test_plain="""
def test_plain():
    pass

def test_database(pgshift_url):
    pass
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            f"pgshift: {pytester.path} holds no pgshift.toml, [tool.pgshift] in pyproject.toml "
            "or .gmrc; pgshift_url and pgshift_conn need a pgshift project in the rootdir (or set "
            "the pgshift_project ini option)"
        ]
    )
    assert not (pytester.path / ".pgshift").exists()  # no server was started


def test_xdist_workers_share_one_template(inner: InnerProject) -> None:
    pytest.importorskip("xdist")
    inner.pytester.makepyfile(
        test_many="""
import pytest

@pytest.mark.parametrize("n", range(6))
def test_count(pgshift_conn, n):
    pgshift_conn.execute("insert into items (name) values ('x')")
    assert pgshift_conn.execute("select count(*) from items").fetchone() == (1,)
"""
    )
    inner.run("-n", "2").assert_outcomes(passed=6)
    assert len(inner.templates()) == 1
    assert inner.test_databases() == []


def test_xdist_reports_a_broken_migration_once(inner: InnerProject) -> None:
    pytest.importorskip("xdist")
    inner.migrations("create table items (id serial primary key, nope);\n")
    inner.pytester.makepyfile(
        test_many="""
import pytest

@pytest.mark.parametrize("n", range(4))
def test_count(pgshift_conn, n):
    pass
"""
    )
    result = inner.run("-n", "2")
    result.assert_outcomes(errors=4)
    output = result.stdout.str().split("short test summary info")[0]  # as above
    assert output.count("committed/000001.sql:") == 1, output


def test_the_plugin_module_loads_nothing_until_asked() -> None:
    code = (
        "import sys, pgshift.testing.plugin\n"
        "print(sorted(m for m in ('psycopg', 'pgshift.config', 'pgshift.server') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pgshifts_own_suite_has_the_plugin_idle(pytestconfig: pytest.Config) -> None:
    from pgshift.testing import plugin

    assert pytestconfig.pluginmanager.get_plugin("pgshift") is plugin
    assert plugin._STATE_KEY not in pytestconfig.stash


def test_by_default_the_project_gets_an_embedded_test_server(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pgshift.server import layout_for
    from pgshift.testing import destroy_test_server, stop_test_server
    from pgshift.testing.servers import server_folder

    monkeypatch.delenv("PGSHIFT_TEST_DSN", raising=False)
    (pytester.path / "pgshift.toml").write_text("")  # the helper library too, as migrate does
    write_history(pytester.path / "migrations", ["create table items (id int);\n"])
    pytester.makepyfile(
        test_items="""
import os

def test_database(pgshift_conn):
    info = pgshift_conn.info
    print("socket:", info.host)
    assert pgshift_conn.execute("select count(*) from items").fetchone() == (0,)
    assert pgshift_conn.execute(
        "select count(*) from pg_namespace where nspname = 'pgshift_utils'"
    ).fetchone() == (1,)
    tablespace = pgshift_conn.execute(
        "select t.spcname from pg_database d join pg_tablespace t on t.oid = d.dattablespace"
        " where d.datname = current_database()"
    ).fetchone()[0]
    print("tablespace:", tablespace)
    assert pgshift_conn.execute("show fsync").fetchone() == ("off",)
"""
    )
    memory = Path("/dev/shm").is_dir()
    memory_folder = Path("/dev/shm") / f"pgshift-{layout_for(server_folder(pytester.path)).name}"
    try:
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-s")
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines(
            [f"*tablespace: {'pgshift_memory' if memory else 'pg_default'}*"]
        )
        assert server_folder(pytester.path).is_dir()  # its own cluster, not the dev server's
        assert not (pytester.path / ".pgshift" / "server.json").exists()
        if memory:  # a reboot empties /dev/shm: the next session makes the template again
            stop_test_server(pytester.path)
            shutil.rmtree(memory_folder)
            pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
        on_disk = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", "-s", "-o", "pgshift_in_memory=false"
        )
        on_disk.assert_outcomes(passed=1)
        on_disk.stdout.fnmatch_lines(["*tablespace: pg_default*"])
    finally:
        assert destroy_test_server(pytester.path)
    assert not memory_folder.exists()
