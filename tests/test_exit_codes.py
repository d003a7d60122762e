"""Exit codes no success state uses for errors, and errors as JSON under --json."""

import json

from migrations.helpers import write_history


def test_status_tells_pending_from_failure(project):
    write_history(project.migrations, ["create table a (id int);"])
    pending = project.run("status", "--json")
    assert pending.code == 1 and json.loads(pending.out)["pending"] == ["000001.sql"]
    (project.migrations / "committed" / "000001.sql").write_text("--! Hash: nope\n\nselect 1;\n")
    failed = project.run("status", "--json")
    assert failed.code == 65
    error = json.loads(failed.out)["error"]
    assert error["file"] == str(project.migrations / "committed" / "000001.sql")
    assert error["message"].startswith(f"{error['file']}:")


def test_a_database_error_under_json_carries_file_line_column_and_sqlstate(project):
    write_history(project.migrations, ["create table a (id int);\nselect nope from a;"])
    result = project.run("migrate", "--json")
    assert result.code == 65
    path = project.migrations / "committed" / "000001.sql"
    error = json.loads(result.out)["error"]
    assert {k: error[k] for k in ("file", "line", "column", "sqlstate")} == {
        "file": str(path),
        "line": 5,
        "column": 8,
        "sqlstate": "42703",
    }
    assert error["message"].startswith(f'{path}:5:8: column "nope" does not exist [42703]')
    assert result.err.startswith(f"pgshift: error: {error['message']}")


def test_usage_errors_are_64(project):
    result = project.run("status", "--json", "--no-such-flag")
    assert result.code == 64
    assert result.err.startswith("pgshift: error: No such option '--no-such-flag'.\n")


def test_run_json_rows_carry_column_names(project):
    project.write("q.sql", "select 1 as one, 'x' as letter union all select 2, null;\n")
    result = project.run("run", "q.sql", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == [{"one": 1, "letter": "x"}, {"one": 2, "letter": None}]
