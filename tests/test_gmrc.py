"""graphile-migrate's .gmrc read as pgshift configuration; `pgshift init --from-gmrc`."""

import dataclasses
import io
import os
from pathlib import Path

import pytest
import tomllib

from pgshift.config import Action, build_config, find_project, load_config
from pgshift.errors import ConfigError

FULL = """\
/*
 * Graphile Migrate configuration (every setting of 1.4).
 */
{
  "connectionString": "postgres://app@db/app",
  shadowConnectionString: 'postgres://app@db/app_shadow',
  "rootConnectionString": "postgres://postgres@db/postgres",
  "databaseOwner": "app_owner",
  "migrationsFolder": "./db/migrations",
  "manageGraphileMigrateSchema": false,
  "pgSettings": { "search_path": "app,public", statement_timeout: 60000, lock_timeout: 1.5 },
  "placeholders": { ":APP_ROLE": "!ENV", ":VISITOR": 'visitor', },
  "beforeReset": "before.sql",
  "afterReset": [
    "!extensions.sql",
    { "_": "sql", "file": "grants.sql", "root": true, "shadow": false },
    "after.sql",
  ],
  "beforeAllMigrations": [{ "_": "command", "command": "echo before", "shadow": true }],
  "afterAllMigrations": [{ "_": "command", "command": "./dump.sh", "root": true }],
  "beforeCurrent": [{ "command": "echo legacy" }],  // graphile-migrate 0.0.3's form
  "afterCurrent": ["after-current.sql"],
  "blankMigrationContent": "-- Write your migration here\\n",
  "//generatedWith": "1.4.1",
}
"""


def write_gmrc(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".gmrc"
    path.write_text(text)
    return path


def problems(folder: Path, env=None) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(folder, env=env if env is not None else {"DATABASE_URL": "postgres:///x"})
    return info.value.problems


def test_every_setting_maps_to_its_pgshift_key(tmp_path):
    write_gmrc(tmp_path, FULL)
    config = load_config(tmp_path, env={"APP_ROLE": "app_role"})
    assert config.source == tmp_path / ".gmrc"
    assert (config.database_url, config.shadow_database_url, config.root_database_url) == (
        "postgres://app@db/app",
        "postgres://app@db/app_shadow",
        "postgres://postgres@db/postgres",
    )
    assert config.history_schema == "graphile_migrate"
    assert config.library_install is False
    assert config.database_owner == "app_owner"
    assert config.migrations_dir == tmp_path / "db" / "migrations"
    assert config.manage_history_schema is False
    # Numbers are sent as JavaScript writes them.
    assert config.pg_settings == {
        "search_path": "app,public",
        "statement_timeout": "60000",
        "lock_timeout": "1.5",
    }
    assert config.placeholders == {":APP_ROLE": "app_role", ":VISITOR": "visitor"}
    assert config.blank_migration_content == "-- Write your migration here\n"
    assert config.hooks == {
        "before_reset": (Action(sql_file="before.sql"),),
        "after_reset": (
            Action(sql_file="extensions.sql", root=True),
            Action(sql_file="grants.sql", shadow=False, root=True),
            Action(sql_file="after.sql"),
        ),
        "before_all_migrations": (Action(command="echo before", shadow=True),),
        "after_all_migrations": (Action(command="./dump.sh", root=True),),
        "before_current": (Action(command="echo legacy"),),
        "after_current": (Action(sql_file="after-current.sql"),),
    }


def test_defaults_of_a_minimal_gmrc(tmp_path):
    write_gmrc(tmp_path, "{}")
    config = load_config(tmp_path, env={"DATABASE_URL": "postgres:///app"})
    assert config.database_url == "postgres:///app"
    assert config.shadow_database_url is None
    assert config.migrations_dir == tmp_path / "migrations"
    assert config.blank_migration_content == "-- Enter migration here\n"
    assert config.manage_history_schema is True
    assert config.hooks == {}


def test_connection_strings_precedence_is_graphile_migrates(tmp_path):
    env = {
        "DATABASE_URL": "postgres:///env_main",
        "SHADOW_DATABASE_URL": "postgres:///env_shadow",
        "ROOT_DATABASE_URL": "postgres:///env_root",
    }
    write_gmrc(tmp_path, '{"connectionString": "postgres:///file_main"}')
    config = load_config(tmp_path, env=env)
    # The file's value wins; the environment fills in what the file leaves out.
    assert config.database_url == "postgres:///file_main"
    assert config.shadow_database_url == "postgres:///env_shadow"
    assert config.root_database_url == "postgres:///env_root"
    # pgshift.toml keeps pgshift's rule: the environment wins.
    toml = build_config({"database_url": "postgres:///file_main"}, root=tmp_path, env=env)
    assert toml.database_url == "postgres:///env_main"


def test_a_gmrc_without_any_connection_string_is_refused(tmp_path):
    path = write_gmrc(tmp_path, "{}")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, env={})
    assert str(info.value) == (
        f"{path}: 'connectionString' is not set, and neither is DATABASE_URL"
    )


def test_a_root_connection_string_that_is_only_a_database_name(tmp_path):
    write_gmrc(tmp_path, '{"rootConnectionString": "template1"}')
    config = load_config(tmp_path, env={"DATABASE_URL": "postgres:///app"})
    assert config.root_database_url == "dbname=template1"


def test_env_placeholder_must_be_set_and_not_empty(tmp_path):
    path = write_gmrc(tmp_path, '{"placeholders": {":SECRET": "!ENV"}}')
    assert problems(tmp_path, {"DATABASE_URL": "postgres:///x", "SECRET": ""}) == [
        "'placeholders': :SECRET = \"!ENV\" but $SECRET is not set"
    ]
    with pytest.raises(ConfigError, match=f"^{path}: "):
        load_config(tmp_path, env={"DATABASE_URL": "postgres:///x"})


def test_mistakes_are_reported_together_with_file_line_and_column(tmp_path):
    path = write_gmrc(
        tmp_path,
        """{
  "conectionString": "x",
  "afterAllMigrations": ["!x.sql", {"_": "sql", "file": "y.sql", "shdow": true}],
  "beforeCurrent": [{"_": "sequel"}, {"_": "command"}, 42, ""],
  "placeholders": {":A": "x", ":DATABASE_NAME": "y", ":OK": 1},
  "pgSettings": {"a": true},
  "afterReset": {"_": "sql", "file": "z.sql", "root": "yes"},
  "migrationsFolder": null,
  "manageGraphileMigrateSchema": "no",
  logger: 1,
  shadowConnectionString: "",
  "somethingElse": 1,
}
""",
    )
    assert problems(tmp_path) == [
        f"{path}:{where}: {message}"
        for where, message in [
            ("2:3", "unknown setting 'conectionString' (did you mean 'connectionString'?)"),
            (
                "3:26",
                "afterAllMigrations cannot run SQL as root; only beforeReset and afterReset can",
            ),
            ("3:66", "unknown key 'shdow' in a sql action (did you mean 'shadow'?)"),
            ("4:21", "beforeCurrent action with '_': \"sequel\"; expected 'sql' or 'command'"),
            ("4:38", "a command action needs 'command'"),
            ("4:56", "each beforeCurrent action is a file name or an action object, got number"),
            ("4:60", "each beforeCurrent action is a file name or an action object, got string"),
            ("5:20", "placeholder ':A' must look like ':ABCD_EFG_HIJ'"),
            ("5:31", "placeholder :DATABASE_NAME is built in and cannot be set"),
            ("5:54", "placeholder :OK must be a string, got number"),
            ("6:18", "pgSettings 'a' must be a string or a number, got boolean"),
            ("7:47", "'root' must be true or false, got string"),
            ("8:3", "'migrationsFolder' must be a string, got null"),
            ("9:3", "'manageGraphileMigrateSchema' must be true or false, got string"),
            ("10:3", "'logger' holds a JavaScript object, which only .gmrc.js can"),
            ("11:3", "'shadowConnectionString' is empty"),
            ("12:3", "unknown setting 'somethingElse' (known: " + ", ".join(_known()) + ")"),
        ]
    ]


def _known():
    from pgshift._gmrc import SETTINGS

    return SETTINGS


def test_a_syntax_error_names_file_line_and_column(tmp_path):
    path = write_gmrc(tmp_path, '{\n  "connectionString": "x",\n  "a": \'unterminated\n}\n')
    assert problems(tmp_path) == [
        f"{path}:3:21: a line break inside a string must be escaped "
        "(graphile-migrate reads .gmrc as JSON5)"
    ]


def test_settings_must_be_an_object(tmp_path):
    path = write_gmrc(tmp_path, "[]")
    assert problems(tmp_path) == [f"{path}:1:1: expected an object of settings ({{ ... }})"]


@pytest.mark.parametrize("name", [".gmrc.js", ".gmrc.cjs"])
def test_a_javascript_gmrc_is_refused_with_what_to_do(tmp_path, name):
    (tmp_path / name).write_text("module.exports = {};\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, env={})
    assert str(info.value) == (
        f"{tmp_path / name}: pgshift cannot read {name} (it is JavaScript); write its settings "
        "as JSON in .gmrc and run `pgshift init --from-gmrc`, or write pgshift.toml yourself "
        "(docs/adopting.md)"
    )


def test_project_search_finds_gmrc_and_pgshift_toml_wins(tmp_path):
    write_gmrc(tmp_path, "{}")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_project(tmp_path / "a" / "b") == (tmp_path, tmp_path / ".gmrc")
    (tmp_path / ".gmrc.js").write_text("")
    assert find_project(tmp_path) == (tmp_path, tmp_path / ".gmrc")  # as graphile-migrate
    (tmp_path / "pyproject.toml").write_text("[tool.pgshift]\n")
    assert find_project(tmp_path) == (tmp_path, tmp_path / "pyproject.toml")
    (tmp_path / "pgshift.toml").write_text("")
    assert find_project(tmp_path) == (tmp_path, tmp_path / "pgshift.toml")
    assert load_config(tmp_path, env={}).history_schema == "pgshift"


def test_root_actions_in_pgshift_toml(tmp_path):
    config = build_config(
        {
            "after_reset": [{"sql": "ext.sql", "root": True}],
            "after_all_migrations": [{"command": "dump", "root": True}],
        },
        root=tmp_path,
        env={},
    )
    assert config.hook("after_reset") == (Action(sql_file="ext.sql", root=True),)
    assert config.hook("after_all_migrations") == (Action(command="dump", root=True),)
    with pytest.raises(ConfigError) as info:
        build_config(
            {
                "after_reset": ["!ext.sql"],
                "after_current": [{"sql": "x.sql", "root": True}],
                "before_reset": [{"sql": "x.sql", "root": 1}],
            },
            root=tmp_path,
            env={},
        )
    assert info.value.problems == [
        "'before_reset': 'root' must be true or false",
        '\'after_reset\': write the root action "!ext.sql" as { sql = "ext.sql", root = true }',
        "'after_current': a SQL file runs as root only in before_reset and after_reset "
        "(as with graphile-migrate); a command may",
    ]


def test_urls_in_pgshift_toml_expand_environment_variables(tmp_path):
    config = build_config(
        {"database_url": "postgres://app@db/${DB}"}, root=tmp_path, env={"DB": "live"}
    )
    assert config.database_url == "postgres://app@db/live"
    with pytest.raises(ConfigError, match=r"'database_url' uses \$\{DATABASE_URL\}, which is not"):
        build_config({"database_url": "${DATABASE_URL}"}, root=tmp_path, env={})


# --- pgshift init --from-gmrc -------------------------------------------------------------------


def run(folder: Path, *args: str):
    from pgshift.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(folder)
    try:
        code = main(list(args), out, err)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def _comparable(config):
    return dataclasses.replace(config, source=None)


def test_init_from_gmrc_writes_an_equivalent_pgshift_toml(tmp_path):
    write_gmrc(tmp_path, FULL.replace('"connectionString": "postgres://app@db/app",', ""))
    env = {"APP_ROLE": "r", "DATABASE_URL": "postgres://app:secret@db/app"}
    before = load_config(tmp_path, env=env)
    code, out, err = run(tmp_path, "init", "--from-gmrc")
    assert (code, err) == (0, "")
    assert out == "created: pgshift.toml (from .gmrc; pgshift reads it from now on)\n"
    text = (tmp_path / "pgshift.toml").read_text()
    tomllib.loads(text)
    assert 'database_url = "${DATABASE_URL}"' in text
    assert "secret" not in text
    assert '":APP_ROLE" = "!ENV"' in text
    after = load_config(tmp_path, env=env)
    assert after.source == tmp_path / "pgshift.toml"
    assert _comparable(after) == _comparable(before)
    code, out, err = run(tmp_path, "init", "--from-gmrc")
    assert code == 65
    assert err == (
        f"pgshift: error: {tmp_path / 'pgshift.toml'} already exists; pgshift reads it "
        "instead of .gmrc\n"
    )


def test_init_from_gmrc_warns_about_a_password_it_copies(tmp_path):
    write_gmrc(tmp_path, '{"connectionString": "postgres://app:pw@db/app"}')
    code, _, err = run(tmp_path, "init", "--from-gmrc")
    assert code == 0
    assert err == (
        "pgshift: warning: pgshift.toml: 'database_url' holds the password written in .gmrc; "
        "consider setting the URL in the environment instead\n"
    )
    assert (
        "# DATABASE_URL, SHADOW_DATABASE_URL and ROOT_DATABASE_URL, when set, win"
        in (tmp_path / "pgshift.toml").read_text()
    )


def test_init_in_a_graphile_migrate_project(tmp_path):
    (tmp_path / ".gmrc.js").write_text("module.exports = {};\n")
    code, _, err = run(tmp_path, "init", "--from-gmrc")
    assert code == 65
    assert err == (
        f"pgshift: error: there is no .gmrc in {tmp_path} (.gmrc.js is JavaScript, which "
        "pgshift does not run: write its settings as JSON in .gmrc first)\n"
    )
    # A plain init would write a pgshift.toml that hides the .gmrc: refused.
    code, _, err = run(tmp_path, "init")
    assert code == 65
    assert "run `pgshift init --from-gmrc`" in err
    assert not (tmp_path / "pgshift.toml").exists()


def test_compile_fills_in_placeholders_from_the_gmrc(tmp_path):
    write_gmrc(
        tmp_path,
        "{connectionString: 'postgres://app@db/shop', databaseOwner: 'shop_owner',"
        " placeholders: {':GREETING': 'hello'}}",
    )
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "current.sql").write_text(
        "select ':GREETING', ':DATABASE_NAME', ':DATABASE_OWNER';\n"
    )
    assert run(tmp_path, "compile") == (0, "select 'hello', 'shop', 'shop_owner';\n", "")
