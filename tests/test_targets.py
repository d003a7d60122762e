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
    assert f"environment 'prod' ({where}) needs confirmation. Would apply: 000001.sql, 000002.sql" in result.err
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
        assert other.code == 1
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
