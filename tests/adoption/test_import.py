"""`pgshift import FORMAT DIR`: one test per format, then the refusals.

Each fixture follows its tool's documented format; the comment above it names the source.
"""

import hashlib
import json

import pytest

from graphile import GraphileMigrate, require
from pgshift.migrations.hashing import compute_hash

from .helpers import committed_names, committed_text, imported_headers, write_tree

# golang-migrate, MIGRATIONS.md: `{version}_{title}.up.sql` / `.down.sql`; versions are any
# unsigned 64-bit integers, applied in increasing order, not necessarily contiguous; each file
# is sent to the server as it is (a lone statement runs outside a transaction block).
GOLANG = {
    "20240101120000_create_users.up.sql": (
        "create table users (id bigint primary key, name text not null);\n"
    ),
    "20240101120000_create_users.down.sql": "drop table users;\n",
    "20240102090000_add_email.up.sql": (
        "alter table users add column email text;\n"
        "update users set email = name || '@example.com';\n"
    ),
    "20240102090000_add_email.down.sql": "alter table users drop column email;\n",
    "20240103000000_index_email.up.sql": (
        "create index concurrently users_email on users (email);\n"
    ),
}


def test_import_golang_migrate(project):
    write_tree(project.root / "legacy", GOLANG)
    result = project.run("import", "golang-migrate", "legacy")
    assert result.code == 0, result.err
    assert result.out == (
        "imported 000001-create_users.sql (golang-migrate 20240101120000)\n"
        "imported 000002-add_email.sql (golang-migrate 20240102090000)\n"
        "imported 000003-index_email.sql (golang-migrate 20240103000000)\n"
        "3 migration(s) imported from legacy\n"
        "left out: 2 down file(s): 20240101120000_create_users.down.sql, "
        "20240102090000_add_email.down.sql\n"
    )
    body = "create table users (id bigint primary key, name text not null);\n"
    # The hash graphile-migrate computes for a first migration: sha1 of the trimmed body + "\n".
    first = "sha1:" + hashlib.sha1(body.encode()).hexdigest()
    assert committed_text(project, "000001-create_users.sql") == (
        f"--! Previous: -\n--! Hash: {first}\n--! Message: create_users\n"
        f"--! Imported: golang-migrate 20240101120000\n\n{body}"
    )
    third = committed_text(project, "000003-index_email.sql")
    lone = "--! no-transaction\ncreate index concurrently users_email on users (email);\n"
    assert third.endswith("\n\n" + lone)  # golang-migrate ran it alone, outside a transaction
    verify = project.run("verify")
    assert verify.code == 0, verify.out
    assert verify.out == "3 file(s) checked, 0 applied: ok\n"


def test_import_orders_versions_as_numbers(project):
    write_tree(
        project.root / "legacy",
        {f"{n}_v{n}.up.sql": f"select {n};\n" for n in (9, 10, 100)},
    )
    assert project.run("import", "golang-migrate", "legacy").code == 0
    assert committed_names(project) == ["000001-v9.sql", "000002-v10.sql", "000003-v100.sql"]


# dbmate, README "Creating Migrations" and pkg/dbmate/migration.go: `{version}_{name}.sql`, the
# version being the leading digits; `-- migrate:up` / `-- migrate:down` sections, repeatable in
# one file; options on the directive line (`transaction:false`).
DBMATE = {
    "20151129054053_create_users.sql": (
        "-- migrate:up\ncreate table users (id serial primary key, name text);\n\n"
        "-- migrate:down\ndrop table users;\n"
    ),
    "20200227231541_posts.sql": (
        "-- migrate:up\ncreate table posts (id serial primary key);\n"
        "-- migrate:down\ndrop table posts;\n\n"
        "-- migrate:up\nalter table posts add column title text;\n"
        "-- migrate:down\nalter table posts drop column title;\n"
    ),
    "20200301000000_posts_index.sql": (
        "-- migrate:up transaction:false\n"
        "create index concurrently posts_title on posts (title);\n\n"
        "-- migrate:down\n"
    ),
}


def test_import_dbmate(project):
    write_tree(project.root / "db" / "migrations", DBMATE)
    result = project.run("import", "dbmate", "db/migrations")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        "left out: 2 file(s) with a migrate:down section: 20151129054053_create_users.sql, "
        "20200227231541_posts.sql"
    )
    assert committed_names(project) == [
        "000001-create_users.sql",
        "000002-posts.sql",
        "000003-posts_index.sql",
    ]
    assert committed_text(project, "000002-posts.sql").endswith(
        "--! Imported: dbmate 20200227231541\n\n"
        "create table posts (id serial primary key);\n"
        "alter table posts add column title text;\n"
    )
    assert committed_text(project, "000003-posts_index.sql").endswith(
        "\n\n--! no-transaction\ncreate index concurrently posts_title on posts (title);\n"
    )
    assert project.run("verify").code == 0


# goose, README "SQL Migrations" and internal/sqlparser/parser.go: `{version}_{name}.sql`;
# `-- +goose Up` / `-- +goose Down` (any case); StatementBegin/StatementEnd around a statement
# holding semicolons; `-- +goose NO TRANSACTION` for the whole file.
GOOSE = {
    "00001_create_users.sql": (
        "-- +goose Up\ncreate table users (id int primary key, updated_at timestamptz);\n\n"
        "-- +goose Down\ndrop table users;\n"
    ),
    "00002_touch.sql": (
        "-- +goose Up\n-- +goose StatementBegin\n"
        "create function touch() returns trigger language plpgsql as $$\n"
        "begin\n  new.updated_at := now();\n  return new;\nend;\n$$;\n"
        "-- +goose StatementEnd\n\n-- +goose Down\ndrop function touch();\n"
    ),
    "00003_users_index.sql": (
        "-- +goose NO TRANSACTION\n-- +goose Up\n"
        "create index concurrently users_updated on users (updated_at);\n\n"
        "-- +goose Down\ndrop index concurrently users_updated;\n"
    ),
    "00010_tags.sql": "-- a comment before the annotation\n-- +goose up\ncreate table tags (id int);\n",
}


def test_import_goose(project):
    write_tree(project.root / "sql", GOOSE)
    result = project.run("import", "goose", "sql")
    assert result.code == 0, result.err
    assert committed_names(project) == [
        "000001-create_users.sql",
        "000002-touch.sql",
        "000003-users_index.sql",
        "000004-tags.sql",
    ]
    assert imported_headers(project) == ["goose 1", "goose 2", "goose 3", "goose 10"]
    assert committed_text(project, "000002-touch.sql").endswith(
        "\n\ncreate function touch() returns trigger language plpgsql as $$\n"
        "begin\n  new.updated_at := now();\n  return new;\nend;\n$$;\n"
    )
    assert committed_text(project, "000003-users_index.sql").endswith(
        "\n\n--! no-transaction\ncreate index concurrently users_updated on users (updated_at);\n"
    )
    assert result.out.splitlines()[-1] == (
        "left out: 3 file(s) with a Down section: 00001_create_users.sql, 00002_touch.sql, "
        "00003_users_index.sql"
    )
    assert project.run("migrate").code == 0  # the StatementBegin body runs as one statement
    assert project.run("verify").code == 0


# Flyway, documentation "Migrations" and "Script Configuration": V{version}__{description}.sql,
# version parts separated by `.` or `_` and compared as numbers; U (undo), R__ (repeatable);
# folders searched recursively; `X.sql.conf` may say executeInTransaction=false.
FLYWAY = {
    "V1__Create_users.sql": "create table users (id int primary key);\n",
    "V1_1__Add_email.sql": "alter table users add column email text;\n",
    "V2__Index_email.sql": "create index concurrently users_email on users (email);\n",
    "U1_1__Drop_email.sql": "alter table users drop column email;\n",
    "R__Users_view.sql": "create or replace view user_ids as select id from users;\n",
    "seed/V3__Seed.sql": "insert into users values (1, 'a@example.com');\n",
    "V10__Plain_index.sql": "create index users_id_email on users (id, email);\n",
    "V10__Plain_index.sql.conf": "# script configuration\nexecuteInTransaction=false\n",
}


def test_import_flyway(project):
    write_tree(project.root / "db" / "migration", FLYWAY)
    result = project.run("import", "flyway", "db/migration", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [(f["file"].rsplit("/", 1)[1], f["version"]) for f in data["imported"]] == [
        ("000001-create-users.sql", "1"),
        ("000002-add-email.sql", "1.1"),
        ("000003-index-email.sql", "2"),
        ("000004-seed.sql", "3"),
        ("000005-plain-index.sql", "10"),
    ]
    assert [(item["what"], len(item["files"])) for item in data["left_out"]] == [
        ("undo migration(s) (U)", 1),
    ]
    # R__ files become repeatable files, run again whenever they change (docs/repeatable.md)
    repeatable = project.migrations / "repeatable" / "Users_view.sql"
    assert data["repeatable"] == [str(repeatable)]
    assert repeatable.read_text() == FLYWAY["R__Users_view.sql"]
    assert project.run("migrate").code == 0
    assert project.query("select count(*) from user_ids") == [(1,)]  # V3 seeded a user
    assert project.query("select filename from pgshift.repeatable") == [("Users_view.sql",)]
    assert "--! Message: Create users\n" in committed_text(project, "000001-create-users.sql")
    for name in ("000003-index-email.sql", "000005-plain-index.sql"):
        assert "\n\n--! no-transaction\ncreate index" in committed_text(project, name)
    assert project.run("verify").code == 0


# node-pg-migrate, src/sqlMigration.ts and utils/fileNameUtils.ts: `-- Up Migration` /
# `-- Down Migration`; no up marker: the whole file is up; files ordered by their leading
# number, 17 digits read as a UTC time (yyyymmddhhmmssSSS), so 2024-01-01 comes before
# 1718000000000 (June 2024 in milliseconds).
NODE_PG = {
    "1718000000000_create-users.sql": (
        "-- Up Migration\ncreate table users (id serial primary key);\n\n"
        "-- Down Migration\ndrop table users;\n"
    ),
    "1718000000001_seed.sql": "insert into users default values;\n",
    "20240101000000000_schema.sql": "-- Up Migration\ncreate schema app;\n",
}


def test_import_node_pg_migrate(project):
    write_tree(project.root / "migrations-npm", NODE_PG)
    result = project.run("import", "node-pg-migrate", "migrations-npm")
    assert result.code == 0, result.err
    assert imported_headers(project) == [
        "node-pg-migrate 20240101000000000_schema",
        "node-pg-migrate 1718000000000_create-users",
        "node-pg-migrate 1718000000001_seed",
    ]
    assert committed_names(project)[1] == "000002-create-users.sql"
    assert committed_text(project, "000002-create-users.sql").endswith(
        "\n\ncreate table users (id serial primary key);\n"
    )
    assert result.out.splitlines()[-1] == (
        "left out: 1 file(s) with a Down Migration section: 1718000000000_create-users.sql"
    )
    assert project.run("verify").code == 0


def test_import_again_adds_only_newer_versions(project):
    legacy = write_tree(project.root / "legacy", GOLANG)
    assert project.run("import", "golang-migrate", "legacy").code == 0
    again = project.run("import", "golang-migrate", "legacy")
    assert again.code == 0, again.err
    assert again.out.startswith(
        "nothing to import: every migration of legacy was imported before\n"
    )
    (legacy / "20240201000000_more.up.sql").write_text("alter table users add column age int;\n")
    more = project.run("import", "golang-migrate", "legacy")
    assert more.out.startswith(
        "imported 000004-more.sql (golang-migrate 20240201000000)\n"
        "1 migration(s) imported from legacy (3 imported before)\n"
    )
    older = legacy / "20231231000000_older.up.sql"
    older.write_text("select 1;\n")
    refused = project.run("import", "golang-migrate", "legacy")
    assert refused.err == (
        "pgshift: error: legacy/20231231000000_older.up.sql:1: version 20231231000000 is older than the last version "
        "imported (000004-more.sql); the chain only grows at its end: give it a newer version\n"
    )
    older.unlink()
    edited = legacy / "20240101120000_create_users.up.sql"
    edited.write_text("create table users (id int);\n")
    refused = project.run("import", "golang-migrate", "legacy")
    assert refused.err == (
        "pgshift: error: legacy/20240101120000_create_users.up.sql:1: changed since it was imported as "
        "000001-create_users.sql; committed migrations do not change: undo the edit, or put "
        "the change in a new migration\n"
    )
    assert project.run("verify").code == 0


def test_import_appends_after_the_existing_chain(project):
    project.write("migrations/current.sql", "create table first (id int);\n")
    assert project.run("commit", "-m", "first").code == 0
    write_tree(project.root / "legacy", {"1_users.up.sql": "create table users (id int);\n"})
    assert project.run("import", "golang-migrate", "legacy").code == 0
    first = (project.migrations / "committed" / "000001-first.sql").read_text()
    previous = first.split("\n")[1].removeprefix("--! Hash: ")
    assert committed_text(project, "000002-users.sql").startswith(
        f"--! Previous: {previous}\n"
        f"--! Hash: {compute_hash('create table users (id int);', previous)}\n"
    )
    assert project.run("migrate").code == 0


@pytest.mark.parametrize(
    ("fmt", "files", "bad", "line", "message"),
    [
        (
            "golang-migrate",
            {"1_a.up.sql": "select 1;\n", "001_b.up.sql": "select 2;\n"},
            "1_a.up.sql",
            1,
            "version 1 is also the version of 001_b.up.sql; golang-migrate versions must be "
            "unique (rename one of them)",
        ),
        (
            "golang-migrate",
            {"1_a.up.sql": "select 1;\n", "README.md": "notes\n"},
            "README.md",
            1,
            "not a golang-migrate migration file; pgshift imports every file of {dir}, so "
            "move this one out of it",
        ),
        (
            "goose",
            {"00001_a.sql": "-- +goose Up\nselect 1;\n", "V2__b.sql": "select 2;\n"},
            "V2__b.sql",
            1,
            "not a goose migration file (it is named like a Flyway migration); pgshift imports "
            "every file of {dir}, so move this one out of it",
        ),
        (
            "golang-migrate",
            {"1_a.up.sql": "select 1;\n", "2_b.up.sql": "-- +goose Up\nselect 2;\n"},
            "2_b.up.sql",
            1,
            "'-- +goose Up' is a goose marker, but this folder is being imported as "
            "golang-migrate; a folder must hold one tool's migrations (check FORMAT, or move "
            "the other tool's files out)",
        ),
        (
            "goose",
            {"00001_a.sql": "-- +goose Up\nselect 1;\n-- migrate:up\n"},
            "00001_a.sql",
            3,
            "'-- migrate:up' is a dbmate marker, but this folder is being imported as goose; a "
            "folder must hold one tool's migrations (check FORMAT, or move the other tool's "
            "files out)",
        ),
        (
            "goose",
            {"00001_a.sql": "-- +goose Up\n-- +goose NO TRANSACTION\nselect 1;\nselect 2;\n"},
            "00001_a.sql",
            2,
            "this marks the migration to run outside a transaction, which pgshift allows for "
            "one statement only ('--! no-transaction'); it holds 2: split it into one file per "
            "statement",
        ),
        (
            "dbmate",
            {"1_a.sql": "-- note\n-- migrate:up transaction:false\nselect 1;\nselect 2;\n"},
            "1_a.sql",
            2,
            "this marks the migration to run outside a transaction, which pgshift allows for "
            "one statement only ('--! no-transaction'); it holds 2: split it into one file per "
            "statement",
        ),
        (
            "golang-migrate",
            {"1_a.up.sql": "create table t (id int);\n\ncreate index concurrently i on t (id);\n"},
            "1_a.up.sql",
            3,
            "CREATE INDEX CONCURRENTLY cannot run inside a transaction, and pgshift runs a "
            "migration outside one ('--! no-transaction') only when it holds that one "
            "statement; this one holds 2: move CREATE INDEX CONCURRENTLY into a file of its own",
        ),
        (
            "dbmate",
            {"1_a.sql": "-- migrate:up\n\n-- migrate:down\ndrop table t;\n"},
            "1_a.sql",
            2,
            "the up migration is empty; write its SQL, or a comment saying why it does nothing "
            "(a comment-only migration is imported and keeps its version)",
        ),
        (
            "dbmate",
            {"1_a.sql": "create table t (id int);\n-- migrate:up\nselect 1;\n"},
            "1_a.sql",
            1,
            "dbmate allows no statement before '-- migrate:up'",
        ),
        (
            "goose",
            {"00001_a.go": "package migrations\n"},
            "00001_a.go",
            1,
            "a Go migration: goose runs it from the compiled program, so pgshift cannot import "
            "it; rewrite it as a SQL migration (or as SQL in a pgshift migration)",
        ),
        (
            "goose",
            {"00001_a.sql": "-- +goose Up\n-- +goose StatementBegin\nselect 1;\n"},
            "00001_a.sql",
            2,
            "'-- +goose StatementBegin' without a StatementEnd",
        ),
        (
            "flyway",
            {"V1__a.sql": "select 1;\n", "V1.0__b.sql": "select 2;\n"},
            "V1__a.sql",
            1,
            "version 1 is also the version of V1.0__b.sql; Flyway versions must be unique "
            "(rename one of them)",
        ),
        (
            "flyway",
            {"V1__a.sql": "create schema ${schema};\n"},
            "V1__a.sql",
            1,
            "${schema} is a Flyway placeholder, which pgshift does not replace: write the "
            "value, or use a pgshift placeholder (:NAME); if it is not a placeholder, set "
            "placeholderReplacement=false in its .sql.conf",
        ),
        (
            "node-pg-migrate",
            {"1_a.js": "exports.up = () => {};\n"},
            "1_a.js",
            1,
            "a JavaScript/TypeScript migration: pgshift imports SQL migrations only; write its "
            "SQL into a .sql file (node-pg-migrate's --dry-run prints it)",
        ),
    ],
)
def test_import_refuses_with_file_and_line(project, fmt, files, bad, line, message):
    write_tree(project.root / "legacy", files)
    result = project.run("import", fmt, "legacy")
    assert result.code == 65
    expected = message.replace("{dir}", "legacy")
    assert result.err == f"pgshift: error: legacy/{bad}:{line}: {expected}\n"
    assert committed_names(project) == []


def test_import_refuses_while_the_current_migration_holds_work(project):
    write_tree(project.root / "legacy", {"1_a.up.sql": "select 1;\n"})
    current = project.write("migrations/current.sql", "create table wip (id int);\n")
    result = project.run("import", "golang-migrate", "legacy")
    assert result.code == 65
    assert result.err == (
        f"pgshift: error: {current}: the current migration is not blank; commit or clear it "
        "first (imported migrations go before it in the chain, and it was written against a "
        "database without them)\n"
    )
    project.write("migrations/current.sql", "-- nothing yet\n")
    assert project.run("import", "golang-migrate", "legacy").code == 0


def test_import_into_a_set_that_does_not_exist_is_refused(project):
    write_tree(project.root / "legacy", {"1_a.up.sql": "select 1;\n"})
    result = project.run("import", "golang-migrate", "legacy", "--set", "billing")
    assert result.code == 64
    assert result.err == "pgshift: error: --set billing: no such migration set (known: main)\n"


def test_import_into_a_set(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(toml.read_text() + '[sets.billing]\nfolder = "billing"\n')
    write_tree(project.root / "legacy", {"1_a.up.sql": "create table invoices (id int);\n"})
    (project.root / "billing").mkdir()
    result = project.run("import", "golang-migrate", "legacy", "--set", "billing")
    assert result.code == 0, result.err
    assert [p.name for p in (project.root / "billing" / "committed").iterdir()] == ["000001-a.sql"]
    assert list((project.migrations / "committed").iterdir()) == []


def test_import_of_an_unknown_or_sqitch_format_is_a_usage_error(project):
    assert project.run("import", "sqitch", "x").code == 64
    assert project.run("import", "liquibase", "x").code == 64


@pytest.fixture(scope="module")
def graphile_binary():
    return require()


def test_graphile_migrate_runs_imported_files(project, pg, graphile_binary):
    # graphile-migrate 1.4.1 reads `--! Imported:` as one more header (parseMigrationText) and
    # checks the same hashes: it applies the imported chain as its own.
    write_tree(project.root / "legacy", GOLANG)
    assert project.run("import", "golang-migrate", "legacy").code == 0
    gm = GraphileMigrate(
        graphile_binary,
        project.root,
        database_url=project.database_url,
        shadow_url=project.shadow_database_url,
        root_url=pg.dsn("postgres"),
    )
    gm.run("migrate")
    rows = project.query("select filename from graphile_migrate.migrations order by filename")
    assert rows == [("000001.sql",), ("000002.sql",), ("000003.sql",)]
    assert project.query("select to_regclass('users_email') is not null") == [(True,)]
