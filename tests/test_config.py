import pytest

from pgshift.config import build_config, load_config
from pgshift.errors import ConfigError


def test_unknown_keys_are_all_reported(tmp_path):
    with pytest.raises(ConfigError) as err:
        build_config(
            {"databse_url": "x", "library": {"instal": True}, "history_schema": "a b"},
            root=tmp_path,
            env={},
        )
    assert err.value.problems == [
        "unknown key 'databse_url' (did you mean 'database_url'?)",
        "'history_schema' must be a plain identifier, got 'a b'",
        "unknown key 'instal' in [library] (did you mean 'install'?)",
    ]


def test_environment_variables_win_over_the_file(tmp_path):
    config = build_config(
        {"database_url": "postgres:///file"}, root=tmp_path, env={"DATABASE_URL": "postgres:///env"}
    )
    assert config.database_url == "postgres:///env"


@pytest.mark.parametrize(
    ("main", "shadow"),
    [
        ("postgres:///a", "postgres:///a"),
        ("postgres:///a", "postgresql:///a"),
        ("postgres://localhost/a", "postgres://localhost:5432/a"),
        ("postgres://h/a", "host=h dbname=a"),
    ],
)
def test_main_and_shadow_must_differ_however_spelled(tmp_path, main, shadow):
    with pytest.raises(ConfigError) as info:
        build_config({"database_url": main, "shadow_database_url": shadow}, root=tmp_path, env={})
    assert "'shadow_database_url' names the same database as 'database_url'" in str(info.value)


def test_library_values_are_checked(tmp_path):
    with pytest.raises(ConfigError) as info:
        build_config({"library": {"install": "no"}}, root=tmp_path, env={})
    assert "'library.install'" in str(info.value)


def test_named_environment_overrides_and_expands_variables(tmp_path):
    raw = {
        "database_url": "postgres:///dev",
        "placeholders": {":ROLE": "dev_role", ":KEEP": "k"},
        "environments": {
            "prod": {
                "database_url": "postgres://app@db/${PROD_DB}",
                "placeholders": {":ROLE": "prod_role"},
                "confirm": True,
            }
        },
    }
    config = build_config(
        raw,
        root=tmp_path,
        environment="prod",
        env={"PROD_DB": "live", "DATABASE_URL": "postgres:///ignored"},
    )
    assert config.database_url == "postgres://app@db/live"
    assert config.placeholders == {":ROLE": "prod_role", ":KEEP": "k"}
    assert config.confirm is True
    with pytest.raises(ConfigError, match=r"unknown environment 'staging' \(known: prod\)"):
        build_config(raw, root=tmp_path, environment="staging", env={"PROD_DB": "x"})


def test_placeholder_from_env_and_bad_names(tmp_path):
    config = build_config({"placeholders": {":SECRET": "!ENV"}}, root=tmp_path, env={"SECRET": "s"})
    assert config.placeholders == {":SECRET": "s"}
    with pytest.raises(ConfigError) as err:
        build_config(
            {"placeholders": {"lower": "x", ":DATABASE_NAME": "y", ":MISSING": "!ENV"}},
            root=tmp_path,
            env={},
        )
    assert len(err.value.problems) == 3


def test_pyproject_tool_section_and_search_upwards(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.pgshift]\nmigrations_folder = "db"\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    config = load_config(nested, env={})
    assert config.root == tmp_path
    assert config.migrations_dir == tmp_path / "db"


def test_invalid_toml_names_the_file(tmp_path):
    (tmp_path / "pgshift.toml").write_text("database_url = \n")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path, env={})
    assert str(err.value).startswith(f"{tmp_path / 'pgshift.toml'}: invalid TOML")


def test_cli_reports_config_errors(project):
    (project.root / "pgshift.toml").write_text("unknown_thing = 1\n")
    result = project.run("status")
    assert (result.code, result.err) == (
        65,
        f"pgshift: error: {project.root / 'pgshift.toml'}: unknown key 'unknown_thing'\n",
    )


def test_every_environment_is_checked_on_every_load(tmp_path):
    raw = {
        "environments": {
            "prod": {"database_ur": "postgres://db/app", "confirm": "yes"},
            "staging": {"database_url": "postgres://db/${STAGING_ONLY}"},
        }
    }
    with pytest.raises(ConfigError) as err:
        build_config(raw, root=tmp_path, env={})  # no --env at all
    assert err.value.problems == [
        "unknown key 'database_ur' in [environments.prod] (did you mean 'database_url'?)",
        "'environments.prod.confirm' must be true or false",
    ]  # an unset ${VAR} of an environment not chosen is no problem


def test_a_malformed_url_from_the_environment_names_the_variable(tmp_path):
    with pytest.raises(ConfigError) as err:
        build_config({}, root=tmp_path, env={"DATABASE_URL": "not a url"})
    assert err.value.problems == [
        "$DATABASE_URL is not a connection string (expected postgresql://user@host/db or "
        "'host=... dbname=...'; check its %-encoding and quoting)"
    ]


def test_outside_a_project_the_error_says_so(tmp_path):
    from pgshift.config import load_config

    with pytest.raises(ConfigError) as err:
        load_config(tmp_path, env={})
    assert str(err.value) == (
        f"no pgshift.toml, [tool.pgshift] in pyproject.toml or .gmrc in {tmp_path.resolve()} or "
        "any folder above it: run `pgshift init` to start a project here"
    )


def test_a_fleet_environment(tmp_path):
    raw = {
        "environments": {
            "tenants": {
                "database_urls": ["postgres://db/a", "postgres://u:${PW}@db/b"],
                "database_urls_query": "select datname from pg_database",
                "root_database_url": "postgres://db/postgres",
            }
        }
    }
    config = build_config(raw, root=tmp_path, environment="tenants", env={"PW": "pw"})
    assert config.is_fleet
    assert config.database_urls == ("postgres://db/a", "postgres://u:pw@db/b")
    assert config.database_urls_query == "select datname from pg_database"
    assert not build_config(raw, root=tmp_path, env={}).is_fleet
