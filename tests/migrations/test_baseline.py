"""`pgshift baseline`: the first committed migration written from a live database, proven on the
shadow database and recorded as applied."""

import json
from pathlib import Path

import psycopg
import pytest

from migrations.helpers import write_history
from pgshift.config import load_config
from pgshift.db import database_name
from pgshift.diff import Include, compare
from pgshift.inspect import inspect_database
from pgshift.library.install import install_runtime
from pgshift.migrations import history
from pgshift.migrations.baseline import baseline
from pgshift.migrations.schemadump import own_schemas, without_schemas
from pgshift.targets import resolve_target

EVERYTHING = (Path(__file__).parents[1] / "inspect" / "everything.sql").read_text()
# Privileges of every shape the model reads, granted to roles every server has.
GRANTS = """
grant usage on schema app to pg_monitor;
grant select, insert on app.users to pg_monitor with grant option;
grant update (email) on app.users to pg_read_all_stats;
grant usage on sequence app.ticket_numbers to pg_monitor;
revoke execute on function app.total(integer[]) from public;
grant execute on function app.total(integer[]) to pg_monitor;
revoke usage on type app.mood from public;
grant select on app.happy_users to pg_monitor;
grant create on schema public to pg_monitor;
"""
COMMITTED = Path("migrations/committed/000001-baseline.sql")


def _load(url, text):
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(text)


def _model(url, project):
    return without_schemas(inspect_database(url), own_schemas(load_config(project.root)))


def _history(url):
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "select hash, previous_hash, filename from pgshift.migrations"
        ).fetchall()


def _nothing_written(project):
    assert list((project.migrations / "committed").iterdir()) == []
    with psycopg.connect(project.database_url, autocommit=True) as conn:
        schema = conn.execute("select to_regnamespace('pgshift')").fetchone()
    assert schema == (None,)


def test_a_database_of_every_kind_is_rebuilt_on_the_shadow_and_recorded_as_applied(project):
    _load(project.database_url, EVERYTHING + GRANTS)
    with psycopg.connect(project.database_url, autocommit=True) as conn:
        # pgshift's own schemas are left out: the library, and a history that records nothing.
        install_runtime(conn)
        history.ensure_history(conn, "pgshift")
    result = project.run("baseline")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("wrote 000001-baseline.sql (sha1:")
    assert lines[0].endswith("from a fresh database, rebuilt identically on the shadow database")
    assert lines[1] == (
        f"database {database_name(project.database_url)}: 000001-baseline.sql recorded as applied"
    )
    text = (project.root / COMMITTED).read_text()
    assert text.startswith("--! Previous: -\n--! Hash: sha1:")
    assert "--! Message: baseline\n\n-- Baseline: the schema the database held" in text
    assert "\nset local check_function_bodies = false;\n" in text
    for statement in (
        'create event trigger "Note DDL" on "ddl_command_end"',
        'grant update ("email") on table "app"."users" to "pg_read_all_stats";',
        'revoke execute on function "app"."total"(VARIADIC numbers integer[]) from public;',
        'grant create on schema "public" to "pg_monitor";',
    ):
        assert statement in text
    assert "pgshift_utils" not in text and '"pgshift"' not in text
    assert "owner to" not in text and "setval" not in text

    # The shadow database, reset and migrated with the file, is the database.
    include = Include.PRIVILEGES
    live = _model(project.database_url, project)
    rebuilt = _model(project.shadow_database_url, project)
    assert compare(live, rebuilt, include=include) == []
    assert len(live.objects()) > 40
    # Recorded as migrate records a file it ran (the shadow's row comes from migrate).
    assert _history(project.database_url) == _history(project.shadow_database_url)
    assert _history(project.database_url)[0][1:] == (None, "000001.sql")

    migrate = project.run("migrate", "--json")
    assert migrate.code == 0 and json.loads(migrate.out)["applied"] == []
    assert project.run("verify").code == 0
    assert project.run("status").code == 0


def test_refused_when_history_or_committed_files_are_there(project):
    _load(project.database_url, "create table t (id int);")
    project.write("migrations/committed/.gitkeep", "")  # hidden files do not count
    write_history(project.root / "elsewhere", ["create table u (id int);"])
    history = project.root / "elsewhere" / "committed" / "000001.sql"

    (project.migrations / "committed" / "000001.sql").write_bytes(history.read_bytes())
    result = project.run("baseline")
    assert result.code == 65
    assert result.err == (
        f"pgshift: error: {project.migrations / 'committed'}: the committed folder holds "
        "000001.sql; a baseline starts a history, so it must be the first committed migration: "
        "baseline a project with no committed file\n"
    )
    assert project.run("migrate").code == 0  # now pgshift's history records 000001.sql
    (project.migrations / "committed" / "000001.sql").unlink()
    result = project.run("baseline")
    assert result.code == 65
    name = database_name(project.database_url)
    assert result.err == (
        f"pgshift: error: {name} already has pgshift's history (1 migration(s) applied, the "
        "last 000001.sql in pgshift.migrations); a baseline starts a history, it cannot join "
        "one\n"
    )
    assert sorted(p.name for p in (project.migrations / "committed").iterdir()) == [".gitkeep"]


def test_refused_over_another_tools_history_and_a_current_migration(project):
    _load(
        project.database_url,
        "create table schema_migrations (version bigint not null primary key,"
        " dirty boolean not null); insert into schema_migrations values (3, false);",
    )
    result = project.run("baseline")
    assert result.code == 65
    assert result.err.startswith(
        "pgshift: error: the database already holds golang-migrate's history "
        "(public.schema_migrations, version 3); pgshift would apply every migration again."
    )
    _nothing_written(project)
    _load(project.database_url, "drop table schema_migrations;")
    project.write("migrations/current.sql", "create table later (id int);\n")
    result = project.run("baseline")
    assert result.code == 65
    assert "the current migration is not blank; a baseline reads the database" in result.err
    _nothing_written(project)


def test_publications_and_default_privileges_are_in_the_baseline(project):
    _load(
        project.database_url,
        "create table t (id int); create publication everything for all tables;"
        " alter default privileges grant select on tables to pg_monitor;",
    )
    result = project.run("baseline")
    assert result.code == 0, result.err
    text = (project.root / COMMITTED).read_text()
    assert "create publication everything for all tables" in text
    assert "alter default privileges for role postgres grant SELECT on tables to pg_monitor" in text


def test_kinds_inspect_does_not_read_are_refused_unless_allowed(project):
    # A statistics target on an exclusion constraint's index column: one of the two things
    # inspect does not read.
    _load(
        project.database_url,
        "create table t (id int, constraint ex exclude using btree ((id * 3) with =));"
        " alter index ex alter column 1 set statistics 20;",
    )
    result = project.run("baseline")
    assert result.code == 65
    name = database_name(project.database_url)
    assert result.err == (
        f"pgshift: error: {name} holds objects of kinds pgshift does not read yet, which a "
        "baseline would leave out: 1 statistics target on a column of a constraint's index "
        "(inspect's census, docs/moves.md). Pass --allow-unread to write the baseline without "
        "them: databases built from the history then lack them until a migration creates them\n"
    )
    _nothing_written(project)
    result = project.run("baseline", "--allow-unread", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["left_out"] == {"constraint_index_statistics": 1}
    assert (
        "-- Left out, pgshift does not read these yet: 1 statistics target on a column of a "
        "constraint's index.\n" in (project.root / COMMITTED).read_text()
    )


def test_a_baseline_the_shadow_does_not_rebuild_is_removed_and_not_recorded(project):
    _load(project.database_url, "create table t (id int);")
    project.write("migrations/extra.sql", "create table extra (id int);\n")
    toml = project.root / "pgshift.toml"
    toml.write_text(
        'after_all_migrations = [{ sql = "extra.sql", shadow = true }]\n' + toml.read_text()
    )
    result = project.run("baseline")
    assert result.code == 65
    assert result.err == (
        "pgshift: error: 000001-baseline.sql does not rebuild the database: on the shadow "
        "database, migrated with it, diff still finds 1 change(s) to make it like the database:\n"
        "  - drop table public.extra\n"
        "The file was removed and nothing was recorded\n"
    )
    _nothing_written(project)


def test_from_reads_and_records_another_database(project, pg):
    other = pg.dsn(pg.create_database())
    try:
        _load(other, "create table elsewhere (id int primary key);")
        config = load_config(project.root)
        result = baseline(config, resolve_target(config), source=other, message="from prod")
        assert result.path.name == "000001-from-prod.sql"
        assert result.database == database_name(other)
        assert _history(other)[0][2] == "000001.sql"
        assert project.query("select to_regnamespace('pgshift')") == [(None,)]  # untouched
        assert 'create table "public"."elsewhere"' in result.path.read_text()
    finally:
        pg.drop_database(database_name(other))


def test_from_the_shadow_database_is_refused_before_it_is_dropped(project):
    _load(project.shadow_database_url, "create table precious (id int);")
    result = project.run("baseline", "--from", project.shadow_database_url)
    assert result.code == 65
    assert "is the main database (the same server and name); refusing to drop it" in result.err
    with psycopg.connect(project.shadow_database_url, autocommit=True) as conn:
        assert conn.execute("select to_regclass('public.precious')").fetchone() == ("precious",)


def test_owners_are_written_when_asked(tmp_path, app_databases, monkeypatch):
    for var in ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    app = app_databases
    main, shadow = app.pg.dsn(app.main), app.pg.dsn(app.shadow)  # as the superuser
    (tmp_path / "migrations" / "committed").mkdir(parents=True)
    (tmp_path / "pgshift.toml").write_text(
        f'database_url = "{main}"\nshadow_database_url = "{shadow}"\n[library]\ninstall = false\n'
    )
    _load(main, f'create table owned (id int); alter table owned owner to "{app.role}";')
    config = load_config(tmp_path)
    result = baseline(config, resolve_target(config), owners=True)
    assert f'alter table "public"."owned" owner to "{app.role}";' in result.path.read_text()
    with psycopg.connect(shadow, autocommit=True) as conn:
        owner = conn.execute("select tableowner from pg_tables where tablename = 'owned'")
        assert owner.fetchone() == (app.role,)


@pytest.mark.parametrize("message", ["", "   "])
def test_an_empty_message_is_a_usage_error(project, message):
    result = project.run("baseline", "-m", message)
    assert result.code == 64
