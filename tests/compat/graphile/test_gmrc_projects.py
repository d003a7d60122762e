"""A graphile-migrate project with only a .gmrc, worked on by graphile-migrate 1.4.1 and pgshift.

Each scenario runs half of the steps with one tool and half with the other, then the same
steps with the tools swapped: databases, history, the files left behind and what the hooks saw
must come out the same. Skipped only where node/npm are missing (never in CI).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

import psycopg
import pytest

HERE = Path(__file__).parent
sys.path[:0] = [str(HERE.parents[1])]
from graphile import GraphileMigrate, require  # noqa: E402
from pgshift.cli.main import main  # noqa: E402
from pgshift.db import dsn_params  # noqa: E402

APP_SCHEMA = "app_public"

GMRC = """\
/*
 * graphile-migrate settings as a team writes them: JSON5, comments, trailing commas.
 */
{{
  connectionString: "{database_url}",
  shadowConnectionString: "{shadow_url}",
  rootConnectionString: '{root_url}',
  placeholders: {{
    ":APP_SCHEMA": "!ENV", // from the environment
    ":GREETING": "hello",
  }},
  afterReset: [
    "!extensions.sql",
    {{ _: "command", command: "{python} record.py afterReset-root", root: true }},
    {{ _: "command", command: "{python} record.py afterReset" }},
  ],
  beforeAllMigrations: [{{ _: "command", command: "{python} record.py beforeAllMigrations" }}],
  afterAllMigrations: [
    "after-all.sql",
    {{ "_": "command", "command": "{python} record.py afterAllMigrations", "shadow": false }},
  ],
  "//generatedWith": "by hand",
}}
"""

# Untrusted extension (superuser only) and a record of who ran the file, where.
EXTENSIONS = """\
create extension if not exists dblink;
create table root_marker as
  select current_user::text as who, current_database() = ':DATABASE_NAME' as right_database;
"""
AFTER_ALL = """\
create table if not exists after_all (n serial primary key, db text);
insert into after_all (db) values (current_database());
"""
RECORD = """\
import json, os, sys
keys = ("GM_DBURL", "GM_DBNAME", "GM_DBUSER", "GM_SHADOW", "DATABASE_URL")
with open("hooks.log", "a") as log:
    log.write(json.dumps({"hook": sys.argv[1], **{k: os.environ.get(k) for k in keys}}) + "\\n")
"""

FIRST = """\
create schema if not exists :APP_SCHEMA;
create table :APP_SCHEMA.greetings (id int primary key, text text not null, linked boolean);
insert into :APP_SCHEMA.greetings values (1, ':GREETING', dblink_get_connections() is null);
"""
SECOND = {
    "1-people.sql": "create table :APP_SCHEMA.people (id int primary key, name text);\n",
    "2-rows.sql": "insert into :APP_SCHEMA.people values (1, 'Ada'), (2, 'Grace');\n",
}
THIRD = {
    "1-current.sql": "alter table :APP_SCHEMA.people add column if not exists born int;\n",
    "2-index.sql": "create index if not exists people_born on :APP_SCHEMA.people (born);\n",
}


@pytest.fixture(scope="module")
def graphile_binary():
    return require()


class Tools:
    """Both tools on one .gmrc-only project folder; `run(tool, ...)` runs either."""

    def __init__(self, root: Path, binary: Path, databases, monkeypatch) -> None:
        self.root, self.databases = root, databases
        self.gm = GraphileMigrate(binary, root)
        self.env = {"APP_SCHEMA": APP_SCHEMA}
        for var in ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL"):
            monkeypatch.delenv(var, raising=False)
        monkeypatch.setenv("APP_SCHEMA", APP_SCHEMA)

    @property
    def migrations(self) -> Path:
        return self.root / "migrations"

    def run(self, tool: str, *args: str) -> tuple[int, str]:
        if tool == "gm":
            result = self.gm.run(*args, check=False, env=self.env)
            return result.returncode, result.stdout + result.stderr
        out, err = io.StringIO(), io.StringIO()
        old = Path.cwd()
        os.chdir(self.root)
        try:
            code = main(list(args), out, err)
        finally:
            os.chdir(old)
        return code, out.getvalue() + err.getvalue()

    def ok(self, tool: str, *args: str) -> str:
        code, output = self.run(tool, *args)
        assert code == 0, f"{tool} {' '.join(args)}:\n{output}"
        return output


def make_project(root: Path, databases) -> None:
    (root / "migrations" / "committed").mkdir(parents=True)
    (root / ".gmrc").write_text(
        GMRC.format(
            database_url=databases.database_url,
            shadow_url=databases.shadow_url,
            # graphile-migrate rebuilds the root URL with node's url.format, which drops the
            # user of a URL without a host; the socket folder stays in the host parameter.
            root_url=databases.root_url.replace("@/", "@localhost/", 1),
            python=sys.executable,
        )
    )
    (root / "record.py").write_text(RECORD)
    (root / "migrations" / "extensions.sql").write_text(EXTENSIONS)
    (root / "migrations" / "after-all.sql").write_text(AFTER_ALL)


def write_folder(folder: Path, files: dict[str, str]) -> None:
    for old in folder.glob("*.sql"):
        old.unlink()
    for name, text in files.items():
        (folder / name).write_text(text)


def read_tree(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): path.read_text()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def scenario(tools: Tools, first: str, second: str) -> dict:
    """The steps, alternating tools; returns everything both tools must agree on."""
    a, b = first, second
    tools.ok(a, "reset", "--erase")
    (tools.migrations / "current.sql").write_text(FIRST)
    tools.ok(a, "commit", "-m", "First migration!")
    tools.ok(b, "migrate")  # nothing to do
    (tools.migrations / "current.sql").unlink()
    (tools.migrations / "current").mkdir()
    write_folder(tools.migrations / "current", SECOND)
    tools.ok(b, "commit", "-m", "second")
    write_folder(tools.migrations / "current", THIRD)
    tools.ok(a, "commit", "-m", "third")
    tools.ok(b, "uncommit")
    uncommitted = read_tree(tools.migrations / "current")
    tools.ok(a, "commit")  # the message comes back from the header uncommit wrote
    tools.ok(b, "reset", "--erase")
    statuses = [tools.run(tool, "status")[0] for tool in (a, b)]
    return {
        "main": dump(tools.databases.pg, tools.databases.main),
        "shadow": dump(tools.databases.pg, tools.databases.shadow),
        "files": read_tree(tools.migrations),
        "uncommitted": uncommitted,
        "hooks": hooks(tools),
        "statuses": statuses,
    }


def dump(pg, dbname: str) -> dict:
    """Tables and rows outside the system schemas, and the history (without dates)."""
    with psycopg.connect(pg.dsn(dbname)) as conn:
        tables = conn.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema not in ('pg_catalog', 'information_schema', 'graphile_migrate')"
            " order by 1, 2"
        ).fetchall()
        rows = {
            f"{schema}.{table}": conn.execute(
                f'select * from "{schema}"."{table}" order by 1'
            ).fetchall()
            for schema, table in tables
        }
        history = conn.execute(
            "select filename, hash, previous_hash from graphile_migrate.migrations order by 1"
        ).fetchall()
        schemas = conn.execute(
            "select nspname from pg_namespace where nspname !~ '^pg_' order by 1"
        ).fetchall()
        extensions = conn.execute("select extname from pg_extension order by 1").fetchall()
    after_all = rows.get("public.after_all", [])
    rows["public.after_all"] = [(n, "<db>" if db == dbname else db) for n, db in after_all]
    return {"rows": rows, "history": history, "schemas": schemas, "extensions": extensions}


def hooks(tools: Tools) -> list[dict]:
    """What each hook command saw, with database and role names made comparable."""
    names = {
        tools.databases.main: "<main>",
        tools.databases.shadow: "<shadow>",
        tools.databases.role: "<app>",
    }
    out = []
    for line in (tools.root / "hooks.log").read_text().splitlines():
        record = json.loads(line)
        url = dsn_params(record.pop("GM_DBURL"))
        record["GM_DBURL"] = [names.get(url.get("user"), url.get("user")), names[url["dbname"]]]
        record["GM_DBNAME"] = names[record["GM_DBNAME"]]
        if record["GM_DBUSER"] is not None:
            record["GM_DBUSER"] = names[record["GM_DBUSER"]]
        out.append(record)
    return out


def test_half_and_half_both_ways_give_the_same_result(
    tmp_path, graphile_binary, monkeypatch, app_databases
):
    results = {}
    for first, second in (("gm", "pgshift"), ("pgshift", "gm")):
        root = tmp_path / f"{first}-then-{second}"
        make_project(root, app_databases)
        tools = Tools(root, graphile_binary, app_databases, monkeypatch)
        results[first] = scenario(tools, first, second)
    gm_first, pgshift_first = results["gm"], results["pgshift"]
    for key in gm_first:
        assert pgshift_first[key] == gm_first[key], key

    # And what both agree on is what graphile-migrate documents.
    main = gm_first["main"]
    assert main["rows"][f"{APP_SCHEMA}.greetings"] == [(1, "hello", True)]
    assert main["rows"][f"{APP_SCHEMA}.people"] == [(1, "Ada", None), (2, "Grace", None)]
    assert main["rows"]["public.root_marker"] == [("postgres", True)]
    assert [row[0] for row in main["history"]] == ["000001.sql", "000002.sql", "000003.sql"]
    assert ("pgshift",) not in main["schemas"] and ("pgshift_utils",) not in main["schemas"]
    files = gm_first["files"]
    assert sorted(name for name in files if name.startswith("committed/")) == [
        "committed/000001-first-migration.sql",
        "committed/000002-second.sql",
        "committed/000003-third.sql",
    ]
    assert "--! split: 1-people.sql\n" in files["committed/000002-second.sql"]
    assert files["current/1-current.sql"] == "-- Enter migration here\n"
    assert [name for name in files if name.startswith("current/")] == ["current/1-current.sql"]
    assert gm_first["uncommitted"] == {
        "1-current.sql": "--! Message: third\n\n" + THIRD["1-current.sql"],
        "2-index.sql": THIRD["2-index.sql"],
    }
    assert gm_first["statuses"] == [0, 0]
    first_reset = gm_first["hooks"][:2]
    assert first_reset == [
        {
            "hook": "afterReset-root",
            "GM_DBNAME": "<main>",
            "GM_DBUSER": None,
            "GM_SHADOW": None,
            "DATABASE_URL": "postgres://PLEASE:USE@GM_DBURL/INSTEAD",
            "GM_DBURL": ["postgres", "<main>"],
        },
        {
            "hook": "afterReset",
            "GM_DBNAME": "<main>",
            "GM_DBUSER": "<app>",
            "GM_SHADOW": None,
            "DATABASE_URL": "postgres://PLEASE:USE@GM_DBURL/INSTEAD",
            "GM_DBURL": ["<app>", "<main>"],
        },
    ]
    seen = {(h["hook"], h["GM_SHADOW"]) for h in gm_first["hooks"]}
    assert {("beforeAllMigrations", "1"), ("beforeAllMigrations", None)} <= seen
    assert ("afterAllMigrations", None) in seen
    assert ("afterAllMigrations", "1") not in seen  # shadow: false


def test_pgshift_continues_a_database_graphile_migrate_migrated(
    tmp_path, graphile_binary, app_databases, monkeypatch
):
    """The issue: `pgshift migrate` in an unconverted project, DATABASE_URL set."""
    root = tmp_path / "app"
    (root / "migrations" / "committed").mkdir(parents=True)
    (root / ".gmrc").write_text(
        '{\n  // URLs come from the environment\n  "placeholders": {},\n}\n'
    )
    env = {
        "DATABASE_URL": app_databases.database_url,
        "SHADOW_DATABASE_URL": app_databases.shadow_url,
        "ROOT_DATABASE_URL": app_databases.root_url,
    }
    tools = Tools(root, graphile_binary, app_databases, monkeypatch)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    gm = tools.gm
    for body, message in [
        ("create table x (id int primary key);\ninsert into x values (1);\n", "creates x"),
        ("insert into x values (2);\n", "adds a row"),
    ]:
        (root / "migrations" / "current.sql").write_text(body)
        gm.run("commit", "-m", message, env=env)
    with psycopg.connect(app_databases.database_url) as conn:
        before = conn.execute("select * from graphile_migrate.migrations order by 1").fetchall()

    assert tools.ok("pgshift", "migrate").endswith("up to date\n")
    with psycopg.connect(app_databases.database_url) as conn:
        assert conn.execute("select * from graphile_migrate.migrations order by 1").fetchall() == (
            before
        )
        assert conn.execute("select id from x order by 1").fetchall() == [(1,), (2,)]
        assert conn.execute(
            "select count(*) from pg_namespace where nspname in ('pgshift', 'pgshift_utils')"
        ).fetchone() == (0,)
    status = json.loads(tools.ok("pgshift", "status", "--json"))
    assert (status["applied"], status["last_applied"], status["pending"]) == (2, "000002.sql", [])

    # A database one migration behind: both tools list the pending one by its history name.
    behind = app_databases.create_database()
    behind_env = {**env, "DATABASE_URL": app_databases.url(behind)}
    held = root / "migrations" / "committed" / "000002-adds-a-row.sql"
    shutil.move(held, root / "held.sql")
    gm.run("migrate", env=behind_env)
    shutil.move(root / "held.sql", held)
    monkeypatch.setenv("DATABASE_URL", behind_env["DATABASE_URL"])
    theirs = gm.run("status", check=False, env=behind_env)
    assert theirs.returncode == 1
    assert "There are 1 committed migrations pending:\n\n  000002.sql\n" in theirs.stdout
    code, output = tools.run("pgshift", "status")
    assert code == 1
    assert "pending: 1\n  000002.sql\n" in output
    status = json.loads(tools.run("pgshift", "status", "--json")[1])
    assert status["pending_files"] == ["000002-adds-a-row.sql"]


def test_the_gmrc_graphile_migrate_init_writes(tmp_path, graphile_binary, monkeypatch):
    """Its template (block comments, commented-out settings, a // key) reads and converts."""
    for var in ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "fresh"
    root.mkdir()
    GraphileMigrate(graphile_binary, root).run("init", "--folder")
    assert (root / "migrations" / "current" / "1-current.sql").read_text() == (
        "-- Enter migration here\n"
    )
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db/app")
    from pgshift.config import load_config

    config = load_config(root)
    assert (config.history_schema, config.library_install) == ("graphile_migrate", False)
    assert config.database_url == "postgres://app@db/app"
    tools = Tools(root, graphile_binary, None, monkeypatch)
    assert tools.ok("pgshift", "init", "--from-gmrc").startswith("created: pgshift.toml")
    assert 'database_url = "${DATABASE_URL}"' in (root / "pgshift.toml").read_text()
