"""The built-in checks, turned on by a conftest line in inner pytest sessions (pytester)."""

from __future__ import annotations

import pytest

from .conftest import InnerProject

pytest_plugins = ["pytester"]

TURN_ON = 'pytest_plugins = ["pgshift.testing.checks"]\n'


@pytest.fixture
def checked(inner: InnerProject) -> InnerProject:
    inner.pytester.makeconftest(TURN_ON)
    inner.pytester.makepyfile(test_items="def test_items(pgshift_conn):\n    pass\n")
    return inner


def current(project: InnerProject, text: str) -> None:
    (project.root / "migrations" / "current.sql").write_text(text)


def test_a_sound_project_passes_them(checked: InnerProject) -> None:
    current(checked, "create table if not exists wip (id int);\n")
    result = checked.run("-v", "-rs")
    result.assert_outcomes(passed=4, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "conftest.py::pgshift_chain_verifies PASSED*",
            "conftest.py::pgshift_migrations_apply_from_empty PASSED*",
            "conftest.py::pgshift_current_migration_applies_twice PASSED*",
            "conftest.py::pgshift_schema_file_is_current SKIPPED*",
            "test_items.py::test_items PASSED*",
            "SKIPPED * the project keeps no schema file (no schema_file setting)",
        ]
    )
    assert checked.test_databases() == []


def test_a_blank_current_migration_is_skipped(checked: InnerProject) -> None:
    result = checked.run("-rs", "-k", "applies_twice")
    result.assert_outcomes(skipped=1, deselected=4)
    result.stdout.fnmatch_lines(["SKIPPED * the current migration is blank"])


def test_an_edited_committed_file_fails_the_chain(checked: InnerProject) -> None:
    path = checked.root / "migrations" / "committed" / "000001.sql"
    path.write_text(path.read_text().replace("not null", "null"))
    result = checked.run("-k", "chain")
    result.assert_outcomes(failed=1, deselected=4)
    result.stdout.fnmatch_lines(
        ["*pgshift check pgshift_chain_verifies*", f"{path}:2: hash mismatch: *"]
    )
    assert "Traceback" not in result.stdout.str()


def test_a_migration_that_fails_from_empty_is_located(checked: InnerProject) -> None:
    checked.migrations(
        "create table items (id serial primary key, name text not null);\n",
        "insert into items (name) values (null);\n",
    )
    result = checked.run("-k", "from_empty")
    result.assert_outcomes(failed=1, deselected=4)
    result.stdout.fnmatch_lines(
        [
            "*pgshift check pgshift_migrations_apply_from_empty*",
            f'{checked.root}/migrations/committed/000002.sql:4:1: null value in column "name" of '
            'relation "items" violates not-null constraint [23502]',
        ]
    )


def test_a_current_migration_that_cannot_run_twice_fails(checked: InnerProject) -> None:
    current(checked, "-- work in progress\ncreate table wip (id int);\n")
    result = checked.run("-k", "applies_twice")
    result.assert_outcomes(failed=1, deselected=4)
    result.stdout.fnmatch_lines(
        [
            "the current migration applies once but not twice; `pgshift watch` runs it again on "
            "every save, so it must undo or skip what it did before: "
            f'{checked.root}/migrations/current.sql:2:*: relation "wip" already exists*'
        ]
    )


def test_they_are_collected_only_with_their_conftest(checked: InnerProject) -> None:
    checked.run("test_items.py").assert_outcomes(passed=1)  # one file named: no checks
    (checked.root / "conftest.py").write_text("")
    checked.run().assert_outcomes(passed=1)


def write_schema_file(project: InnerProject) -> None:
    """The schema file as `migrate` writes it for a development database so migrated."""
    from pgshift.config import load_config
    from pgshift.db import connect
    from pgshift.migrations.runner import migrate
    from pgshift.migrations.schemafile import render_schema_file, schema_file_path
    from pgshift.targets import Target

    config = load_config(project.root, env={})
    name = project.pg.create_database()
    try:
        target = Target(main=project.pg.dsn(name), shadow=None, root=project.pg.dsn("postgres"))
        migrate(config, target)
        with connect(target.main) as conn:
            text = render_schema_file(config, conn, root_url=project.pg.dsn("postgres"))
        schema_file_path(config).write_text(text)
    finally:
        project.pg.drop_database(name)


def test_the_schema_file_must_be_what_the_migrations_give(checked: InnerProject) -> None:
    (checked.root / "pgshift.toml").write_text(
        'schema_file = "schema.sql"\n[library]\ninstall = false\n'
    )
    write_schema_file(checked)
    assert "-- create table public.items" in (checked.root / "schema.sql").read_text()
    checked.run("-k", "schema_file").assert_outcomes(passed=1, deselected=4)

    checked.migrations(
        "create table items (id serial primary key, name text not null);\n",
        "alter table items add column price numeric;\n",
    )
    result = checked.run("-k", "schema_file")
    result.assert_outcomes(failed=1, deselected=4)
    result.stdout.fnmatch_lines(
        [
            f"{checked.root}/schema.sql is not what the committed migrations give; `pgshift "
            "migrate` on the development database rewrites it (then commit it):",
            "--- schema file",
            "+++ migrations",
            '*"price" numeric',
        ]
    )
    (checked.root / "schema.sql").unlink()
    result = checked.run("-k", "schema_file")
    result.stdout.fnmatch_lines(
        [
            f"{checked.root}/schema.sql: missing; `pgshift migrate` on the development database writes it"
        ]
    )
