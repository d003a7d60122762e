"""Hooks as graphile-migrate runs them: root actions, the commands' environment, the owner."""

import io
import json
import os
import sys
from pathlib import Path

import pytest
from psycopg import sql

from pgshift.cli.main import main
from pgshift.db import dsn_params

from .helpers import write_history

# Records the variables graphile-migrate documents for hook commands, one JSON line a run.
RECORD = """\
import json, os, sys
keys = ("GM_DBURL", "GM_DBNAME", "GM_DBUSER", "GM_SHADOW", "DATABASE_URL", "PGSHIFT_SHADOW")
with open("hooks.log", "a") as log:
    log.write(json.dumps({"hook": sys.argv[1], **{k: os.environ.get(k) for k in keys}}) + "\\n")
"""


class AppProject:
    """A project whose migrations run as an ordinary role; root is the test server's superuser."""

    def __init__(self, root: Path, databases) -> None:
        self.root, self.databases = root, databases
        self.pg, self.role = databases.pg, databases.role
        self.main_name, self.shadow_name = databases.main, databases.shadow
        self.database_url, self.shadow_url = databases.database_url, databases.shadow_url
        self.root_url = databases.root_url

    def configure(self, extra: str) -> None:
        (self.root / "pgshift.toml").write_text(
            f'database_url = "{self.database_url}"\n'
            f'shadow_database_url = "{self.shadow_url}"\n'
            f'root_database_url = "{self.root_url}"\n' + extra + "\n[library]\ninstall = false\n"
        )

    def hooks(self) -> list[dict]:
        log = self.root / "hooks.log"
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    def query(self, text: str, dbname: str | None = None) -> list[tuple]:
        with self.pg.connect(dbname or self.main_name) as conn:
            return conn.execute(text).fetchall()


@pytest.fixture
def app(tmp_path, app_databases, monkeypatch):
    for var in ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "app"
    (root / "migrations" / "committed").mkdir(parents=True)
    (root / "record.py").write_text(RECORD)
    return AppProject(root, app_databases)


def cli(project, *args):
    """`pgshift ARGS` in the project folder: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(project.root)
    try:
        code = main(list(args), out, err)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def run(project, *args):
    code, out, err = cli(project, *args)
    assert code == 0, err
    return out


def hook(name: str, **settings: str) -> str:
    options = "".join(f", {k} = {v}" for k, v in settings.items())
    return f'{{ command = "{sys.executable} record.py {name}"{options} }}'


def test_root_actions_run_as_root_on_the_hook_database(app):
    (app.root / "migrations" / "extensions.sql").write_text(
        # dblink is an untrusted extension: only a superuser may create it.
        "create extension if not exists dblink;\n"
        "create table root_marker as select current_user::text as who,"
        " current_database()::text as db, ':DATABASE_NAME' as placeholder;\n"
    )
    app.configure(
        'after_reset = [{ sql = "extensions.sql", root = true }, '
        + hook("afterReset-root", root="true")
        + ", "
        + hook("afterReset")
        + "]"
    )
    write_history(
        app.root / "migrations",
        ["create table uses_dblink as select dblink_get_connections() is null as ok;"],
    )
    run(app, "reset", "--erase")
    assert app.query("select who, db, placeholder from root_marker") == [
        ("postgres", app.main_name, app.main_name)
    ]
    assert app.query("select ok from uses_dblink") == [(True,)]
    # The database belongs to the role of database_url, as graphile-migrate creates it.
    assert app.query(
        f"select pg_get_userbyid(datdba) from pg_database where datname = '{app.main_name}'"
    ) == [(app.role,)]
    root_run, plain = app.hooks()
    assert dsn_params(root_run["GM_DBURL"])["user"] == "postgres"
    assert dsn_params(root_run["GM_DBURL"])["dbname"] == app.main_name
    assert root_run["GM_DBUSER"] is None  # as graphile-migrate: no user for a root command
    assert plain == {
        "hook": "afterReset",
        "GM_DBURL": app.database_url,
        "GM_DBNAME": app.main_name,
        "GM_DBUSER": app.role,
        "GM_SHADOW": None,
        "DATABASE_URL": "postgres://PLEASE:USE@GM_DBURL/INSTEAD",
        "PGSHIFT_SHADOW": None,
    }


def test_hook_commands_get_graphile_migrates_environment(app, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.database_url)
    monkeypatch.setenv("GM_SHADOW", "1")  # left over from an outer hook: not passed on
    app.configure("after_all_migrations = [" + hook("afterAll") + "]")
    write_history(app.root / "migrations", ["create table t (id int);"])
    run(app, "migrate")
    run(app, "migrate", "--shadow")
    main, shadow = app.hooks()
    assert main["DATABASE_URL"] == "postgres://PLEASE:USE@GM_DBURL/INSTEAD"
    assert (main["GM_DBURL"], main["GM_DBUSER"], main["GM_SHADOW"]) == (
        app.database_url,
        app.role,
        None,
    )
    assert shadow["GM_DBURL"] == app.shadow_url
    assert (shadow["GM_DBNAME"], shadow["GM_SHADOW"], shadow["PGSHIFT_SHADOW"]) == (
        app.shadow_name,
        "1",
        "1",
    )


def test_database_owner_sets_the_placeholder_and_the_owner_reset_gives(app, pg):
    owner = f"{app.role}_owner"
    with pg.connect() as conn:
        conn.execute(sql.SQL("create role {}").format(sql.Identifier(owner)))
        conn.execute(
            sql.SQL("grant {} to {}").format(sql.Identifier(owner), sql.Identifier(app.role))
        )
    try:
        app.configure(f'database_owner = "{owner}"')
        write_history(
            app.root / "migrations",
            ["create table who as select ':DATABASE_OWNER'::text as owner;"],
        )
        run(app, "reset", "--erase")
        assert app.query("select owner from who") == [(owner,)]
        assert app.query(
            f"select pg_get_userbyid(datdba) from pg_database where datname = '{app.main_name}'"
        ) == [(owner,)]
    finally:
        pg.drop_database(app.main_name)  # owned by the role dropped below
        with pg.connect() as conn:
            conn.execute(sql.SQL("drop role {}").format(sql.Identifier(owner)))


def test_unmanaged_history_schema_must_exist(app, pg):
    app.configure('history_schema = "graphile_migrate"\nmanage_history_schema = false')
    write_history(app.root / "migrations", ["create table t (id int);"])
    code, _, err = cli(app, "migrate")
    assert code == 65
    assert err == (
        "pgshift: error: the history table graphile_migrate.migrations is missing, and "
        "manage_history_schema is false (manageGraphileMigrateSchema in .gmrc): create the "
        "history tables (docs/formats.md) or let pgshift manage them\n"
    )
    with pg.connect(app.main_name) as conn:
        conn.execute(
            "create schema graphile_migrate;"
            " create table graphile_migrate.migrations (hash text primary key, previous_hash text"
            " references graphile_migrate.migrations, filename text not null,"
            " date timestamptz not null default now());"
            " create table graphile_migrate.current (filename text primary key default"
            " 'current.sql', content text not null, date timestamptz not null default now());"
            f" grant all on schema graphile_migrate to {app.role};"
            f" grant all on all tables in schema graphile_migrate to {app.role};"
        )
    run(app, "migrate")
    assert app.query("select filename from graphile_migrate.migrations") == [("000001.sql",)]
