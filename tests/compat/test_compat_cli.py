"""`pgshift compat` end to end: output, exit codes, --json, --static and --against GIT_REF."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pgshift.cli.main import main

OLD = (
    "create schema if not exists s;\ncreate or replace function s.f(a int) returns int\n"
    "language sql as 'select 1';\n"
)
RENAMED = OLD.replace("s.f(a int)", "s.f(b int)")


@pytest.fixture
def app(tmp_path: Path, pg: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var in ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "app"
    root.mkdir()
    (root / "pgshift.toml").write_text(f'database_url = "{pg.dsn("postgres")}"\n')
    monkeypatch.chdir(root)
    return root


def write(root: Path, folder: str, text: str) -> None:
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / folder / "lib.sql").write_text(text)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["compat", *args], out, err)
    return code, out.getvalue(), err.getvalue()


def test_compatible_exits_0(app: Path) -> None:
    write(app, "old", OLD)
    write(app, "new", OLD.replace("select 1", "select 2"))
    assert run("old", "new") == (0, "compatible: new can be deployed over old\n", "")


def test_incompatible_exits_1_and_says_where_what_and_which_error(app: Path) -> None:
    write(app, "old", OLD)
    write(app, "new", RENAMED)
    code, out, _ = run("old", "new")
    assert code == 1
    assert out == (
        "new/lib.sql:2: error [parameter-renamed] s.f(integer): input parameters renamed: a -> b\n"
        '    PostgreSQL: ERROR 42P13: cannot change name of input parameter "a"\n'
        "    deploying: CREATE OR REPLACE fails on databases running the old version; keep the "
        "old definition, or drop it first with DROP FUNCTION IF EXISTS s.f(integer)\n"
        "incompatible: 1 finding (old -> new)\n"
    )


def test_json_output(app: Path) -> None:
    write(app, "old", OLD)
    write(app, "new", RENAMED)
    code, out, _ = run("old", "new", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["compatible"] is False and report["mode"] == "server"
    (finding,) = report["findings"]
    assert finding["rule"] == "parameter-renamed"
    assert (finding["file"], finding["line"], finding["function"]) == (
        "new/lib.sql",
        2,
        "s.f(integer)",
    )
    assert finding["error"]["sqlstate"] == "42P13"
    assert finding["observed"]["message"] == 'cannot change name of input parameter "a"'


def test_static_needs_no_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "pgshift.toml").write_text(
        'database_url = "postgresql://nobody@nowhere.invalid/x"\n'
    )
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "old", OLD)
    write(tmp_path, "new", RENAMED)
    code, out, _ = run("--static", "old", "new", "--json")
    assert code == 1
    assert json.loads(out)["mode"] == "static"


def test_warnings_alone_exit_0(app: Path) -> None:
    write(app, "old", OLD)
    note = "-- Deprecated. Remove after 2001-02-03.\ncreate or replace function"
    write(app, "new", OLD.replace("create or replace function", note))
    code, out, _ = run("old", "new")
    assert code == 0
    assert out.startswith(
        "new/lib.sql:3: warning [removal-date-passed] s.f(integer): its "
        "removal note says remove after 2001-02-03: replace the definition "
        "with DROP FUNCTION IF EXISTS s.f(integer)\n"
    )
    assert out.endswith("compatible: new can be deployed over old (1 warning)\n")


def test_old_version_that_does_not_load_is_an_error(app: Path) -> None:
    write(app, "old", "create function s.f() returns int language sql as 'select 1';\n")
    write(app, "new", OLD)
    code, out, err = run("old", "new")
    assert (code, out) == (65, "")
    assert err == (
        "pgshift: error: the old version does not load: old/lib.sql:1: "
        'ERROR 3F000: schema "s" does not exist\n'
    )


def test_unreadable_sql_names_file_and_line(app: Path) -> None:
    write(app, "old", OLD)
    write(app, "new", OLD + "\nselect 'unterminated;\n")
    code, _, err = run("old", "new")
    assert code == 65
    assert err.startswith("pgshift: error: new/lib.sql:5: cannot read SQL: unterminated quoted")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["old"], "give two folders, OLD and NEW (or one folder and --against GIT_REF)"),
        (
            ["old", "new", "--against", "HEAD"],
            "with --against GIT_REF, give one folder: the new version",
        ),
        (["old", "missing"], "missing: no such folder"),
    ],
)
def test_usage_errors_exit_64(app: Path, args: list[str], message: str) -> None:
    write(app, "old", OLD)
    write(app, "new", OLD)
    assert run(*args) == (64, "", f"pgshift: error: {message}\n")


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_against_a_git_revision(app: Path) -> None:
    _git(app, "init", "-q")
    write(app, "lib", OLD)
    _git(app, "add", "lib")
    _git(app, "commit", "-q", "-m", "v1")
    assert run("lib", "--against", "HEAD")[0] == 0
    write(app, "lib", "create schema if not exists s;\n")
    code, out, _ = run("lib", "--against", "HEAD")
    assert code == 1
    assert out.startswith("HEAD:lib/lib.sql:2 (old version): error [removed] s.f(integer): ")
    code, _, err = run("lib", "--against", "no-such-ref")
    assert (code, err) == (64, "pgshift: error: --against no-such-ref: no such git revision\n")


def test_against_outside_git_is_a_usage_error(app: Path) -> None:
    write(app, "lib", OLD)
    code, _, err = run("lib", "--against", "HEAD")
    assert code == 64
    assert "is not inside a git work tree" in err


def test_a_folder_missing_at_the_revision_means_everything_is_new(app: Path) -> None:
    _git(app, "init", "-q")
    (app / "README").write_text("x")
    _git(app, "add", "README")
    _git(app, "commit", "-q", "-m", "v0")
    write(app, "lib", OLD)
    assert run("lib", "--against", "HEAD")[0] == 0


def test_a_drop_that_matches_nothing_shows_the_servers_notice(app: Path) -> None:
    write(app, "old", OLD)
    write(app, "new", OLD + "drop function if exists s.f(bigint);\n")
    code, out, _ = run("old", "new", "--json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["line"], finding["error"]) == ("drop-matches-nothing", 4, None)
    assert finding["observed"] == {
        "sqlstate": "00000",
        "message": "function s.f(pg_catalog.int8) does not exist, skipping",
        "detail": None,
    }
    code, out, _ = run("old", "new")
    assert "    the server raised first: NOTICE 00000: function s.f(pg_catalog.int8) does " in out


def test_a_role_that_cannot_create_databases_gets_a_clear_error(
    app: Path, pg: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uuid

    from psycopg.conninfo import make_conninfo

    role = f"compat_{uuid.uuid4().hex[:8]}"
    with pg.connect() as conn:
        conn.execute(f"create role {role}")  # noqa: S608 - a generated name
    try:
        # The session takes the role's privileges (and the test server's way of logging in).
        dsn = make_conninfo(pg.dsn("postgres"), options=f"-c role={role}")
        (app / "pgshift.toml").write_text(f'database_url = "{dsn}"\n')
        write(app, "old", OLD)
        write(app, "new", OLD)
        code, out, err = run("old", "new")
        assert (code, out) == (65, "")
        assert err.startswith("pgshift: error: cannot create a scratch database on ")
        assert err.endswith(
            "ERROR 42501: permission denied to create database; use a role that may create "
            "databases, or --static\n"
        )
    finally:
        with pg.connect() as conn:
            conn.execute(f"drop role {role}")  # noqa: S608 - a generated name


def test_static_reports_sql_that_does_not_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "pgshift.toml").write_text(
        'database_url = "postgresql://nobody@nowhere.invalid/x"\n'
    )
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "old", OLD)
    write(tmp_path, "new", OLD + "create or replace functio s.g() returns int;\n")
    assert run("--static", "old", "new") == (
        65,
        "",
        'pgshift: error: new/lib.sql:4: cannot read SQL: syntax error at or near "functio"\n',
    )
