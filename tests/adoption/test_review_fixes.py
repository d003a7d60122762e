"""Fixes from the adoption review, each shown by what it broke."""

import os
import subprocess
import sys

from migrations.helpers import write_history
from pgshift.adoption.versions import version_key


def test_dbmate_files_are_ordered_as_dbmate_orders_them_by_name():
    versions = ["20240101120000", "20240102"]
    assert sorted(versions, key=lambda v: version_key("dbmate", v)) == [
        "20240101120000",
        "20240102",
    ]


def test_a_lone_carriage_return_in_a_string_is_text_not_a_crlf_file(project):
    (path,) = write_history(project.migrations, ["select 'a\rb' as x;"])
    assert b"\r\n" not in path.read_bytes()
    assert project.run("migrate").code == 0
    assert project.run("status").code == 0


def test_a_hook_failure_never_shows_a_password_even_cut_through(project):
    toml = project.root / "pgshift.toml"
    # the URL ends up straddling the 2000-character cut of the hook's output
    toml.write_text(
        'after_all_migrations = [{ command = "python3 -c \\"import os,sys; '
        "sys.stderr.write('x' * 1990 + ' ' + 'postgres://app:s3cret@localhost/db' + ' ' + 'y' * 20); "
        'sys.exit(3)\\"" }]\n' + toml.read_text()
    )
    write_history(project.migrations, ["select 1;"])
    result = project.run("migrate")
    assert result.code == 65
    assert "s3cret" not in result.err


def test_pgshift_run_inside_a_hook_works_on_the_hooks_database(project, pg):
    # DATABASE_URL is the do-not-use value hooks get; GM_DBURL is the hook's database.
    other = pg.create_database()
    try:
        project.write("q.sql", "select current_database();\n")
        env = {
            **os.environ,
            "DATABASE_URL": "postgres://PLEASE:USE@GM_DBURL/INSTEAD",
            "GM_DBURL": pg.dsn(other),
        }
        result = subprocess.run(
            [sys.executable, "-m", "pgshift", "run", "q.sql"],
            cwd=project.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (result.returncode, result.stdout) == (0, f"{other}\n"), result.stderr
    finally:
        pg.drop_database(other)


def test_an_application_table_shaped_like_golang_migrates_does_not_crash_the_guard(project):
    project.query("create table app_versions (version text, dirty boolean)")
    project.query("insert into app_versions values ('v1.2', false)")
    write_history(project.migrations, ["create table a (id int);"])
    result = project.run("migrate")
    assert result.code == 0, result.err
