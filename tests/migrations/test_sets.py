"""Migration sets: several chains in one project, each with its own history, in a fixed order."""

import json

from migrations.helpers import write_history


def _with_sets(project, extra=""):
    toml = project.root / "pgshift.toml"
    toml.write_text(
        toml.read_text()
        + '[sets.seed]\nfolder = "seeds"\n[sets.test_data]\nfolder = "test-seeds"\n'
        'history_schema = "pgshift_test_data"\n' + extra
    )
    for folder in ("seeds", "test-seeds"):
        (project.root / folder / "committed").mkdir(parents=True)


def test_migrate_applies_every_set_in_order_each_with_its_own_history(project):
    _with_sets(project)
    write_history(project.migrations, ["create table users (id int primary key, name text);"])
    write_history(project.root / "seeds", ["insert into users values (1, 'admin');"])
    write_history(project.root / "test-seeds", ["insert into users values (2, 'tester');"])
    result = project.run("migrate")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:3] == [
        "applied 000001.sql",
        "applied seed/000001.sql",
        "applied test_data/000001.sql",
    ]
    assert project.query("select id from users order by id") == [(1,), (2,)]
    assert project.query("select filename from pgshift.migrations") == [("000001.sql",)]
    assert project.query("select filename from pgshift_seed.migrations") == [("000001.sql",)]
    assert project.query("select filename from pgshift_test_data.migrations") == [("000001.sql",)]
    assert project.run("migrate").out.endswith(": up to date\n")


def test_status_and_verify_cover_every_set(project):
    _with_sets(project)
    write_history(project.migrations, ["create table t (id int);"])
    write_history(project.root / "seeds", ["insert into t values (1);"])
    result = project.run("status", "--json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["pending"] == ["000001.sql", "seed/000001.sql"]
    assert [(s["name"], s["pending"]) for s in data["sets"]] == [
        ("main", ["000001.sql"]),
        ("seed", ["seed/000001.sql"]),
        ("test_data", []),
    ]
    assert project.run("migrate").code == 0
    edited = project.root / "seeds" / "committed" / "000001.sql"
    edited.chmod(0o644)
    edited.write_text(edited.read_text().replace("values (1)", "values (2)"))
    verify = project.run("verify")
    assert verify.code == 1
    assert f"edited: {edited}:" in verify.out


def test_an_environment_limits_the_sets(project):
    _with_sets(
        project,
        f'[environments.prod]\ndatabase_url = "{project.database_url}"\nsets = ["main", "seed"]\n',
    )
    write_history(project.migrations, ["create table t (id int);"])
    write_history(project.root / "seeds", ["insert into t values (1);"])
    write_history(project.root / "test-seeds", ["insert into t values (99);"])
    assert project.run("migrate", "--env", "prod").code == 0
    assert project.query("select id from t") == [(1,)]
    assert project.query("select to_regclass('pgshift_test_data.migrations')") == [(None,)]


def test_commit_with_set_writes_that_sets_chain_after_the_others_on_the_shadow(project):
    _with_sets(project)
    write_history(project.migrations, ["create table t (id int primary key);"])
    assert project.run("migrate").code == 0
    (project.root / "seeds" / "current.sql").write_text(
        "insert into t values (7) on conflict do nothing;\n"
    )
    result = project.run("commit", "--set", "seed", "-m", "first seed")
    assert result.code == 0, result.err
    assert [p.name for p in (project.root / "seeds" / "committed").iterdir()] == [
        "000001-first-seed.sql"
    ]
    assert (project.root / "seeds" / "current.sql").read_text() == "-- Enter migration here\n"
    assert project.query("select id from t") == [(7,)]
    assert project.query("select filename from pgshift_seed.migrations") == [("000001.sql",)]


def test_unknown_set_and_set_keys_are_reported(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(toml.read_text() + '[sets.seed]\nfoldr = "seeds"\n')
    result = project.run("status")
    assert result.code == 65
    assert "unknown key 'foldr' in [sets.seed] (did you mean 'folder'?)" in result.err
    assert "[sets.seed] needs 'folder', the folder of its migrations" in result.err
