"""Fixes from the review of errors, exit codes and the dev server, each shown by what it broke."""

import io
import json

from migrations.helpers import write_history
from pgshift.cli.main import main


def test_placeholders_do_not_move_the_reported_position(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(
        'placeholders = { ":LONG" = "a_very_long_value_indeed_longer_than_the_name", '
        '":NL" = "1\\n\\n\\n" }\n' + toml.read_text()
    )
    current = project.write("migrations/current.sql", "select ':LONG', nope;\n")
    first = project.run("watch", "--once")
    assert f'pgshift: error: {current}:1:17: column "nope" does not exist' in first.err
    assert "    select ':LONG', nope;\n" in first.err  # the line as written
    project.write("migrations/current.sql", "select :NL;\nselect nope;\n")
    second = project.run("watch", "--once")
    assert f'pgshift: error: {current}:2:8: column "nope" does not exist' in second.err


def test_no_transaction_after_a_header_block_is_honoured_by_watch(project):
    write_history(project.migrations, ["create table t (id int);"])
    project.write(
        "migrations/current.sql",
        "--! Message: index\n--! no-transaction\ncreate index concurrently if not exists t_id on t (id);\n",
    )
    result = project.run("watch", "--once")
    assert result.code == 0, result.err
    assert project.query("select to_regclass('t_id') is not null") == [(True,)]


def test_the_rerun_cannot_be_stretched_by_the_texts_own_statement_timeout(project, monkeypatch):
    import time

    from pgshift.migrations import errorpos

    monkeypatch.setattr(errorpos, "RERUN_SECONDS", 2.0)
    project.write(
        "migrations/current.sql",
        "set local statement_timeout = 0;\nselect pg_sleep(3);\nselect 1;\nselect 1/0;\n",
    )
    started = time.monotonic()
    result = project.run("watch", "--once")
    elapsed = time.monotonic() - started
    assert result.code == 65 and "division by zero" in result.err
    assert elapsed < 3 + 2 + 2, elapsed  # the run, then at most the re-run's budget


def test_os_errors_are_one_line_not_a_traceback(project, tmp_path):
    write_history(project.migrations, ["select 1;"])
    (project.root / "afile").write_text("")
    out, err = io.StringIO(), io.StringIO()
    code = main(["snippets", "-o", str(project.root / "afile" / "x.code-snippets")], out, err)
    assert code == 65
    assert err.getvalue().startswith("pgshift: error: ")
    assert "Traceback" not in err.getvalue()


def test_a_config_file_that_is_not_utf8_is_a_config_error(project):
    (project.root / "pgshift.toml").write_bytes(b"# caf\xe9\n")
    result = project.run("status", "--json")
    assert result.code == 65
    assert "line 1: byte 0xe9 is not UTF-8" in json.loads(result.out)["error"]["message"]


def test_an_environment_that_sets_its_own_url_does_not_need_the_top_levels_variables(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(
        'database_url = "${NOT_SET_ANYWHERE}"\nplaceholders = { ":TOKEN" = "!ENV" }\n'
        + toml.read_text().replace("database_url", "# database_url", 1)
        + f'[environments.prod]\ndatabase_url = "{project.database_url}"\n'
        'placeholders = { ":TOKEN" = "t" }\n'
    )
    assert project.run("status", "--env", "prod").code == 0


def test_run_json_keeps_every_column_and_is_strict_json(project):
    project.write(
        "q.sql",
        "select 1 as id, 2 as id, 'NaN'::float8 as f, '-Infinity'::float8 as g, '\\x00ff'::bytea as b;\n",
    )
    result = project.run("run", "q.sql", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out, parse_constant=lambda c: 1 / 0) == [
        {"id": 1, "id_2": 2, "f": "NaN", "g": "-Infinity", "b": "\\x00ff"}
    ]


def test_db_commands_outside_a_project_start_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["db", "url"], out, err) == 65
    assert "the embedded server belongs to a project" in err.getvalue()
