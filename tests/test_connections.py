"""Unreachable servers, wrong passwords, redaction, and confirm = true environments."""

import json

import psycopg
import pytest

from migrations.helpers import write_history
from pgshift.db import redact_dsn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgres://app:s3cret@db:5432/x", "postgres://app:***@db:5432/x"),
        ("host=db password=s3cret user=app", "host=db password=*** user=app"),
        ("host=db password='s3 cret' user=app", "host=db password=*** user=app"),
        (
            "postgresql://db/x?password=s3cret&sslmode=require",
            "postgresql://db/x?password=***&sslmode=require",
        ),
        ("no secrets here", "no secrets here"),
        # libpq accepts ?, # and / in a URL password: it runs to the last @
        ("postgres://u:pa?ss@h/db", "postgres://u:***@h/db"),
        ("see postgres://u:p/a#s@h:5432/db now", "see postgres://u:***@h:5432/db now"),
    ],
)
def test_redact_dsn(text, expected):
    assert redact_dsn(text) == expected


def _use_url(project, url):
    (project.root / "pgshift.toml").write_text(
        f'database_url = "{url}"\n[library]\ninstall = false\n'
    )


def test_unreachable_server_is_a_clear_error(project):
    _use_url(project, "postgresql://app:hunter2@127.0.0.1:1/nowhere")
    result = project.run("migrate")
    assert result.code == 65
    assert result.err.startswith("pgshift: error: could not connect to app@127.0.0.1:1/nowhere: ")
    assert "hunter2" not in result.err


def test_confirm_environment_needs_yes_without_a_terminal(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(
        toml.read_text()
        + f'[environments.prod]\ndatabase_url = "{project.database_url}"\nconfirm = true\n'
    )
    write_history(project.migrations, ["create table p (id int);"])
    refused = project.run("migrate", "--env", "prod")
    assert refused.code == 65
    assert "needs confirmation. Would apply: 000001.sql" in refused.err
    assert "pass --yes to go ahead" in refused.err
    assert project.query("select to_regclass('p')") == [(None,)]
    status = project.run("status", "--env", "prod")
    assert status.code == 1 and "environment prod" in status.out
    assert project.run("migrate", "--env", "prod", "--yes").code == 0
    assert project.query("select to_regclass('p') is not null") == [(True,)]


def test_debug_shows_a_traceback_but_never_the_password(project):
    _use_url(project, "postgresql://app:hunter2@127.0.0.1:1/nowhere")
    result = project.run("migrate", "--debug")
    assert "Traceback" in result.err
    assert "hunter2" not in result.err


def test_usage_errors_exit_64(project):
    assert project.run("migrate", "--no-such-flag").code == 64
    assert project.run("nonsense").code == 64
    with psycopg.connect(project.database_url):
        pass


def test_a_malformed_connection_string_never_echoes_its_password(project):
    _use_url(project, "postgresql://app:s3cr%zzet@127.0.0.1:1/nowhere")
    result = project.run("migrate", "--json")
    message = (
        f"{project.root / 'pgshift.toml'}: 'database_url' is not a connection string (expected "
        "postgresql://user@host/db or 'host=... dbname=...'; check its %-encoding and quoting)"
    )
    assert result.code == 65
    assert result.err == f"pgshift: error: {message}\n"
    error = {
        "message": message,
        "file": str(project.root / "pgshift.toml"),
        "line": None,
        "column": None,
        "sqlstate": None,
    }
    assert json.loads(result.out) == {"error": error}
    assert "s3cr" not in result.out


@pytest.mark.parametrize("command", [("commit", "-m", "x"), ("uncommit",), ("watch", "--once")])
def test_every_writing_command_asks_on_a_confirm_environment(project, command):
    toml = project.root / "pgshift.toml"
    toml.write_text(
        toml.read_text()
        + f'[environments.prod]\ndatabase_url = "{project.database_url}"\nconfirm = true\n'
    )
    write_history(project.migrations, ["create table p (id int);"])
    assert project.run("migrate", "--env", "prod", "--yes").code == 0
    project.write("migrations/current.sql", "create table q (id int);\n")
    refused = project.run(*command, "--env", "prod")
    assert refused.code == 65
    assert "is marked confirm = true and stdin is not a terminal; pass --yes" in refused.err
    assert project.query("select count(*) from pgshift.migrations") == [(1,)]
    assert project.query("select to_regclass('q')") == [(None,)]
    assert len(list((project.migrations / "committed").glob("*.sql"))) == 1


def test_a_malformed_key_value_string_never_shows_part_of_its_password(project):
    # libpq's own message quotes the text after a bad word: 'missing "=" after "secondhalf..."'
    _use_url(project, "host=127.0.0.1 password=Tr0ub4dor secondhalfofpw")
    for args in (("status",), ("migrate", "--debug"), ("compile",)):
        result = project.run(*args)
        assert result.code == 65
        assert "Tr0ub4dor" not in result.err and "secondhalfofpw" not in result.err
        assert "'database_url' is not a connection string" in result.err
