"""Targets are chosen once, at the edge: the engine gets one and never picks or starts a server."""

import subprocess
import sys

import click

import pgshift.migrations.runner as runner
import pgshift.targets as targets
from migrations.helpers import write_history


def _confirm_env(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(
        toml.read_text()
        + f'[environments.prod]\ndatabase_url = "{project.database_url}"\nconfirm = true\n'
    )


def test_a_confirmed_migrate_resolves_connects_and_reads_once(project, monkeypatch):
    _confirm_env(project)
    write_history(project.migrations, ["create table p (id int);", "create table q (id int);"])
    calls = {"resolve": 0, "connect": 0, "read": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(targets, "resolve_target", counting("resolve", targets.resolve_target))
    monkeypatch.setattr(runner, "connect", counting("connect", runner.connect))
    monkeypatch.setattr(runner, "read_committed", counting("read", runner.read_committed))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    asked = []
    monkeypatch.setattr(click, "confirm", lambda text, **kw: asked.append(text) or True)

    result = project.run("migrate", "--env", "prod")

    assert result.code == 0, result.err
    from pgshift.db import describe_dsn

    where = describe_dsn(project.database_url)
    assert (
        f"environment 'prod' ({where}) needs confirmation. Would apply: 000001.sql, 000002.sql"
        in result.err
    )
    assert asked == [f"Go ahead on {where}?"]
    assert calls == {"resolve": 1, "connect": 1, "read": 1}
    assert project.query("select count(*) from pgshift.migrations") == [(2,)]


def test_the_plan_holds_the_lock_so_what_is_shown_is_what_is_applied(project):
    from pgshift import load_config, plan_migrations

    write_history(project.migrations, ["create table p (id int);"])
    config = load_config(project.root)
    target = targets.resolve_target(config)
    with plan_migrations(config, target) as plan:
        assert plan.pending_names == ["000001.sql"]
        other = project.run("migrate")  # a second process must not slip in between
        assert other.code == 65
        assert "another pgshift" in other.err
        assert project.query("select to_regclass('p')") == [(None,)]
        result = plan.apply()
    assert result.applied == ["000001.sql"]
    assert project.query("select to_regclass('p') is not null") == [(True,)]


def test_the_engine_does_not_import_the_server():
    code = (
        "import sys\n"
        "import pgshift.migrations.runner, pgshift.migrations.report\n"
        "import pgshift.migrations.authoring, pgshift.migrations.watch\n"
        "import pgshift.migrations.sqlfile, pgshift.targets\n"
        "print('pgshift.server' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_dry_run_is_not_blocked_by_a_running_migrate(project):
    from pgshift import load_config, plan_migrations

    write_history(project.migrations, ["create table p (id int);"])
    config = load_config(project.root)
    with plan_migrations(config, targets.resolve_target(config)):  # holds the lock
        result = project.run("migrate", "--dry-run")
    assert result.code == 0, result.err
    from pgshift.db import database_name

    name = database_name(project.database_url)
    assert result.out == f"would apply 000001.sql\n1 migration(s) pending on {name}\n"


def test_a_confirm_environment_with_nothing_pending_still_answers_json_and_runs_forced_hooks(
    project, monkeypatch
):
    import json

    _confirm_env(project)
    toml = project.root / "pgshift.toml"
    toml.write_text('after_all_migrations = ["after.sql"]\n' + toml.read_text())
    project.write("migrations/after.sql", "create table if not exists hook_ran (id int);\n")
    quiet = project.run("migrate", "--env", "prod", "--json")
    assert quiet.code == 0, quiet.err
    assert json.loads(quiet.out)["applied"] == []
    assert project.query("select to_regclass('hook_ran')") == [(None,)]
    forced = project.run("migrate", "--env", "prod", "--force-actions", "--yes")
    assert forced.code == 0, forced.err
    assert project.query("select to_regclass('hook_ran') is not null") == [(True,)]


def test_debug_before_the_command_shows_the_traceback(project):
    project.write("pgshift.toml", 'database_url = "postgresql://app:hunter2@127.0.0.1:1/x"\n')
    for args in (("--debug", "migrate"), ("migrate", "--debug")):
        result = project.run(*args)
        assert result.code == 65
        assert "Traceback" in result.err, args
        assert "hunter2" not in result.err
