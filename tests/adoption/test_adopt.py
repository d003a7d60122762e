"""`pgshift adopt FORMAT`: a database "the other tool" migrated (its up SQL run and its history
rows written as the tool writes them), imported, adopted, then migrated by pgshift."""

import pytest

from pgshift.db import database_name

from .helpers import chain, pgshift_history, run_as_other_tool, write_tree

# golang-migrate (MIGRATIONS.md; history: database/postgres/postgres.go, one row holding the
# current version and a dirty flag).
GOLANG = {
    "20240101120000_create_users.up.sql": "create table users (id bigint primary key, name text);\n",
    "20240101120000_create_users.down.sql": "drop table users;\n",
    "20240102090000_add_email.up.sql": (
        "alter table users add column email text;\nupdate users set email = name;\n"
    ),
    "20240103000000_index_email.up.sql": "create index concurrently users_email on users (email);\n",
}
GOLANG_TABLE = "create table {table} (version bigint not null primary key, dirty boolean not null)"


def _golang_database(project, *, table="schema_migrations", version=20240102090000, dirty=False):
    """golang-migrate ran every up file up to `version` (and recorded `version`)."""
    write_tree(project.root / "legacy", GOLANG)
    ran = [
        text
        for name, text in sorted(GOLANG.items())
        if name.endswith(".up.sql") and int(name.split("_")[0]) <= version
    ]
    run_as_other_tool(
        project.database_url,
        [
            *ran,
            GOLANG_TABLE.format(table=table),
            f"insert into {table} values ({version}, {dirty})",
        ],
    )
    assert project.run("import", "golang-migrate", "legacy").code == 0


def _db(project):
    return database_name(project.database_url)


def test_adopt_golang_migrate_then_migrate_applies_only_newer(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(toml.read_text().replace("install = false", "install = true"))
    _golang_database(project)
    result = project.run("adopt", "golang-migrate")
    assert result.code == 0, result.err
    assert result.out == (
        "recorded 000001-create_users.sql\nrecorded 000002-add_email.sql\n"
        f"database {_db(project)}: 2 migration(s) recorded as applied from golang-migrate's "
        "history (public.schema_migrations); 1 pending for 'pgshift migrate'\n"
    )
    assert pgshift_history(project) == chain(project)[:2]
    assert project.query("select count(*) from pgshift.migrations where date is null") == [(0,)]
    assert project.query("select to_regnamespace('pgshift_utils') is null") == [(True,)]
    again = project.run("adopt", "golang-migrate")
    assert again.code == 0
    assert again.out == (
        f"database {_db(project)}: nothing changed: pgshift's history already records the 2 "
        "migration(s) golang-migrate's history (public.schema_migrations) holds; 1 pending for "
        "'pgshift migrate'\n"
    )
    migrate = project.run("migrate")
    assert migrate.code == 0, migrate.err
    assert migrate.out.startswith("applied 000003-index_email.sql\n")
    assert pgshift_history(project) == chain(project)
    assert project.run("verify").out == "3 file(s) checked, 3 applied: ok\n"
    assert project.run("adopt", "golang-migrate").out.startswith(
        f"database {_db(project)}: nothing changed"
    )


def test_adopt_dry_run_writes_nothing(project):
    _golang_database(project)
    result = project.run("adopt", "golang-migrate", "--dry-run")
    assert result.code == 0, result.err
    assert result.out == (
        "would record 000001-create_users.sql\nwould record 000002-add_email.sql\n"
        f"database {_db(project)}: 2 migration(s) would be recorded as applied from "
        "golang-migrate's history (public.schema_migrations); 1 pending for 'pgshift migrate'\n"
    )
    assert project.query("select to_regnamespace('pgshift') is null") == [(True,)]


def test_adopt_golang_migrate_custom_table_and_dirty_refusal(project):
    project.query("create schema meta")
    _golang_database(
        project, table="meta.migration_schema_version", version=20240101120000, dirty=True
    )
    refused = project.run("adopt", "golang-migrate", "--table", "migration_schema_version")
    assert refused.code == 65
    assert refused.err == (
        "pgshift: error: golang-migrate's history (meta.migration_schema_version) is dirty: "
        "dirty = true at version 20240101120000. A migration failed halfway: repair the "
        "database, then mark the version with 'migrate force VERSION', and adopt again\n"
    )
    assert project.query("select to_regnamespace('pgshift') is null") == [(True,)]
    project.query("update meta.migration_schema_version set dirty = false")
    result = project.run("adopt", "golang-migrate", "--table", "meta.migration_schema_version")
    assert result.code == 0, result.err
    assert result.out.endswith(
        "1 migration(s) recorded as applied from golang-migrate's history "
        "(meta.migration_schema_version); 2 pending for 'pgshift migrate'\n"
    )
    assert project.run("migrate").code == 0
    assert project.query("select email from users") == []


def test_adopt_refuses_a_version_no_imported_file_carries(project):
    _golang_database(project, version=20240105000000)
    result = project.run("adopt", "golang-migrate")
    assert result.code == 65
    assert result.err == (
        "pgshift: error: golang-migrate's history (public.schema_migrations) records version "
        "20240105000000 as applied, but no committed migration was imported from it; import "
        "the folder that holds it ('pgshift import golang-migrate DIR') and adopt again\n"
    )


def test_adopt_needs_an_import_and_a_history_table(project):
    result = project.run("adopt", "dbmate")
    assert result.err == (
        "pgshift: error: no committed migration was imported from dbmate; run "
        "'pgshift import dbmate DIR' first\n"
    )
    write_tree(project.root / "db", {"1_a.sql": "-- migrate:up\nselect 1;\n"})
    assert project.run("import", "dbmate", "db").code == 0
    result = project.run("adopt", "dbmate")
    assert result.code == 65
    assert result.err == (
        "pgshift: error: found no dbmate history table schema_migrations (columns version) in "
        "any schema; name yours with --table [SCHEMA.]NAME\n"
    )
    assert project.run("adopt", "dbmate", "--set", "x").code == 64


# dbmate (README; history: one row per applied version in schema_migrations).
DBMATE = {
    "20151129054053_create_users.sql": (
        "-- migrate:up\ncreate table users (id serial primary key, name text);\n"
        "-- migrate:down\ndrop table users;\n"
    ),
    "20200227231541_posts.sql": "-- migrate:up\ncreate table posts (id serial primary key);\n",
    "20200301000000_posts_index.sql": (
        "-- migrate:up transaction:false\ncreate index concurrently posts_id on posts (id);\n"
    ),
}
DBMATE_TABLE = "create table schema_migrations (version varchar(255) primary key)"


def _up(text):
    return text.split("\n", 1)[1].split("-- migrate:down")[0]


def test_adopt_dbmate(project):
    write_tree(project.root / "db" / "migrations", DBMATE)
    names = sorted(DBMATE)
    run_as_other_tool(
        project.database_url,
        [
            _up(DBMATE[names[0]]),
            _up(DBMATE[names[1]]),
            DBMATE_TABLE,
            "insert into schema_migrations values ('20151129054053'), ('20200227231541')",
        ],
    )
    assert project.run("import", "dbmate", "db/migrations").code == 0
    result = project.run("adopt", "dbmate")
    assert result.code == 0, result.err
    assert pgshift_history(project) == chain(project)[:2]
    migrate = project.run("migrate")
    assert migrate.code == 0, migrate.err
    assert migrate.out.startswith("applied 000003-posts_index.sql\n")
    assert project.query("select to_regclass('posts_id') is not null") == [(True,)]


def test_adopt_refuses_a_history_that_skips_a_migration(project):
    write_tree(project.root / "db" / "migrations", DBMATE)
    run_as_other_tool(
        project.database_url,
        [
            DBMATE_TABLE,
            "insert into schema_migrations values ('20151129054053'), ('20200301000000')",
        ],
    )
    assert project.run("import", "dbmate", "db/migrations").code == 0
    result = project.run("adopt", "dbmate")
    assert result.code == 65
    assert result.err == (
        "pgshift: error: dbmate's history (public.schema_migrations) records "
        "000003-posts_index.sql as applied but not 000002-posts.sql, which comes before it in "
        "the chain; pgshift's history is always the start of the chain: apply the missing "
        "migration with dbmate first\n"
    )
    assert project.query("select to_regnamespace('pgshift') is null") == [(True,)]


# Flyway (documentation "Migrations"; history: PostgreSQLDatabase.getRawCreateScript, one row per
# run in installed_rank order, `type` SCHEMA / SQL / BASELINE, `success`).
FLYWAY = {
    "V1__Create_users.sql": "create table users (id int primary key);\n",
    "V1_1__Add_email.sql": "alter table users add column email text;\n",
    "V2__Index_email.sql": "create index users_email on users (email);\n",
    "R__Ids.sql": "create or replace view ids as select id from users;\n",
}
FLYWAY_TABLE = (
    "create table flyway_schema_history (installed_rank int not null, version varchar(50),"
    " description varchar(200) not null, type varchar(20) not null,"
    " script varchar(1000) not null, checksum integer, installed_by varchar(100) not null,"
    " installed_on timestamp not null default now(), execution_time integer not null,"
    " success boolean not null)"
)


def _flyway_row(rank, version, kind, script, success=True):
    version_sql = "null" if version is None else f"'{version}'"
    return (
        f"insert into flyway_schema_history values ({rank}, {version_sql}, 'x', '{kind}',"
        f" '{script}', null, 'me', now(), 1, {success})"
    )


def _flyway_database(project, rows):
    write_tree(project.root / "db" / "migration", FLYWAY)
    run_as_other_tool(
        project.database_url,
        [FLYWAY["V1__Create_users.sql"], FLYWAY["V1_1__Add_email.sql"], FLYWAY_TABLE, *rows],
    )
    assert project.run("import", "flyway", "db/migration").code == 0


def test_adopt_flyway(project):
    _flyway_database(
        project,
        [
            _flyway_row(1, "1", "SQL", "V1__Create_users.sql"),
            _flyway_row(2, "1.1", "SQL", "V1_1__Add_email.sql"),
            _flyway_row(3, None, "SQL", "R__Ids.sql"),
        ],
    )
    result = project.run("adopt", "flyway")
    assert result.code == 0, result.err
    assert result.err == "note: 1 repeatable migration run(s) not carried over\n"
    assert pgshift_history(project) == chain(project)[:2]
    migrate = project.run("migrate")
    assert migrate.out.startswith("applied 000003-index-email.sql\n")


def test_adopt_flyway_baseline_stands_for_the_versions_before_it(project):
    _flyway_database(project, [_flyway_row(1, "1.1", "BASELINE", "<< Flyway Baseline >>")])
    result = project.run("adopt", "flyway")
    assert result.code == 0, result.err
    assert pgshift_history(project) == chain(project)[:2]


def test_adopt_flyway_refuses_a_failed_migration(project):
    _flyway_database(
        project,
        [
            _flyway_row(1, "1", "SQL", "V1__Create_users.sql"),
            _flyway_row(2, "1.1", "SQL", "V1_1__Add_email.sql", success=False),
        ],
    )
    result = project.run("adopt", "flyway")
    assert result.code == 65
    assert result.err == (
        "pgshift: error: Flyway's history (public.flyway_schema_history) is dirty: "
        "V1_1__Add_email.sql failed (success = false). A migration failed: repair the database "
        "and the history ('flyway repair'), then adopt again\n"
    )


# goose (history: internal/dialects/postgres.go; the newest row of a version decides).
GOOSE = {
    "00001_users.sql": "-- +goose Up\ncreate table users (id int);\n-- +goose Down\ndrop table users;\n",
    "00002_tags.sql": "-- +goose Up\ncreate table tags (id int);\n",
    "00003_more.sql": "-- +goose Up\ncreate table more (id int);\n",
}


def test_adopt_goose(project):
    write_tree(project.root / "sql", GOOSE)
    run_as_other_tool(
        project.database_url,
        [
            "create table users (id int)",
            "create table tags (id int)",
            "create table goose_db_version (id serial primary key, version_id bigint not null,"
            " is_applied boolean not null, tstamp timestamp not null default now())",
            "insert into goose_db_version (version_id, is_applied)"
            " values (0, true), (1, true), (2, true), (3, true), (3, false)",
        ],
    )
    assert project.run("import", "goose", "sql").code == 0
    assert project.run("adopt", "goose").code == 0
    assert pgshift_history(project) == chain(project)[:2]
    assert project.run("migrate").out.startswith("applied 000003-more.sql\n")


# node-pg-migrate (history: src/runner.ts, the file name without its extension per run).
def test_adopt_node_pg_migrate(project):
    write_tree(
        project.root / "npm",
        {
            "1718000000000_users.sql": "-- Up Migration\ncreate table users (id int);\n",
            "1718000000001_tags.sql": "-- Up Migration\ncreate table tags (id int);\n",
        },
    )
    run_as_other_tool(
        project.database_url,
        [
            "create table users (id int)",
            "create table pgmigrations (id serial primary key, name varchar(255) not null,"
            " run_on timestamp not null)",
            "insert into pgmigrations (name, run_on) values ('1718000000000_users', now())",
        ],
    )
    assert project.run("import", "node-pg-migrate", "npm").code == 0
    result = project.run("adopt", "node-pg-migrate", "--json")
    assert result.code == 0, result.err
    assert '"recorded": [\n    "000001-users.sql"\n  ]' in result.out
    assert project.run("migrate").out.startswith("applied 000002-tags.sql\n")


@pytest.mark.parametrize("fmt", ["sqitch", "graphile-migrate"])
def test_adopt_takes_only_importable_formats(project, fmt):
    assert project.run("adopt", fmt).code == 64
