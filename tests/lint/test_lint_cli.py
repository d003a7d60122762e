"""`pgshift lint` end to end on a project: what it lints by default, --json, exit codes and
--fail-on, ignore comments, lines in committed files and fixtures, the shadow database it uses."""

from __future__ import annotations

import json

import psycopg

from migrations.helpers import write_history
from pgshift.lint.model import RULES

ORDERS = (
    "create table orders (id int primary key, status text, total int);\n"
    "insert into orders select g, 'new', g from generate_series(1, 120) g;\n"
    "analyze orders;\n"
)


def test_json_is_exactly_the_findings(project):
    write_history(project.migrations, [ORDERS])
    assert project.run("migrate").code == 0
    project.write(
        "migrations/current.sql",
        "-- make orders unguessable\nalter table orders\n  add column token uuid default gen_random_uuid();\n",
    )
    result = project.run("lint", "--json")
    assert result.code == 1, result.err
    assert json.loads(result.out) == {
        "findings": [
            {
                "file": "migrations/current.sql",
                "line": 2,
                "column": 1,
                "rule": "add-column-rewrite",
                "severity": "error",
                "message": "ADD COLUMN token to orders with a volatile default (gen_random_uuid() "
                "gives each row its own value): every existing row is rewritten while an ACCESS "
                "EXCLUSIVE lock blocks all reads and writes. Instead: "
                + RULES["add-column-rewrite"].recipe,
                "locks": [
                    {"relation": "public.orders", "mode": "AccessExclusiveLock", "rewrite": True},
                    {
                        "relation": "public.orders_pkey",
                        "mode": "AccessExclusiveLock",
                        "rewrite": True,
                    },
                ],
            }
        ]
    }


def test_text_names_the_lock_the_table_size_and_the_rewrite(project):
    write_history(project.migrations, [ORDERS])
    assert project.run("migrate").code == 0
    project.write("migrations/current.sql", "alter table orders alter column total type bigint;\n")
    result = project.run("lint")
    assert result.code == 1
    first, lock, *_ = result.out.splitlines()
    assert first.startswith(
        "migrations/current.sql:1:1: error [column-type-change] ALTER COLUMN total TYPE"
    )
    assert lock.startswith("    AccessExclusiveLock on public.orders, 120 rows, ")
    assert lock.endswith(", rewrite")
    assert result.err.endswith(
        "1 error in 1 file(s), 1 statement(s), measured on the shadow database\n"
    )


def test_exit_codes_and_fail_on(project):
    write_history(project.migrations, [ORDERS])
    project.write("migrations/current.sql", "alter table orders add column note text;\n")
    assert project.run("lint").code == 0  # nothing found
    project.write("migrations/current.sql", "create index on orders (status);\n")  # a warning
    assert project.run("lint").code == 1
    assert project.run("lint", "--fail-on", "error").code == 0
    project.write(  # only an info: an ignore that silences nothing
        "migrations/current.sql", "select 1; -- pgshift-lint: ignore cluster -- habit\n"
    )
    assert project.run("lint").code == 0
    assert project.run("lint", "--fail-on", "info").code == 1
    assert project.run("lint", "--fail-on", "nope").code == 64


def test_an_error_of_the_tool_is_65_and_a_json_error(project):
    write_history(project.migrations, [ORDERS])
    project.write(
        "migrations/current.sql", "create index on orders (status);\nselect nope from orders;\n"
    )
    result = project.run("lint", "--json")
    assert result.code == 65
    error = json.loads(result.out)["error"]
    path = project.migrations / "current.sql"
    assert (error["file"], error["line"], error["column"], error["sqlstate"]) == (
        str(path),
        2,
        8,
        "42703",
    )


def test_ignore_with_a_reason_silences_the_rule_there(project):
    write_history(project.migrations, [ORDERS])
    project.write(
        "migrations/current.sql",
        "-- pgshift-lint: ignore create-index -- orders has 120 rows in every environment\n"
        "create index on orders (status);\n"
        "create index on orders (total);\n",
    )
    result = project.run("lint", "--json")
    assert [(f["line"], f["rule"]) for f in json.loads(result.out)["findings"]] == [
        (3, "create-index")
    ]


def test_ignore_without_a_reason_silences_nothing_and_says_so(project):
    write_history(project.migrations, [ORDERS])
    project.write(
        "migrations/current.sql",
        "create index on orders (status); -- pgshift-lint: ignore create-index\n"
        "drop table orders; -- pgshift-lint: ignore drop-tables -- renamed rule\n",
    )
    findings = json.loads(project.run("lint", "--json").out)["findings"]
    assert [(f["line"], f["column"], f["rule"], f["severity"]) for f in findings] == [
        (1, 1, "create-index", "warning"),
        (1, 34, "ignore-without-reason", "warning"),
        (2, 1, "drop-table", "error"),
        (2, 20, "ignore-unknown-rule", "warning"),
    ]
    assert findings[1]["message"] == (
        "this ignore gives no reason, so it silences nothing: write "
        "'-- pgshift-lint: ignore create-index -- why it is safe here'"
    )
    assert (
        findings[3]["message"]
        == "no rule is called 'drop-tables' (the rules are listed in docs/safety.md)"
    )


def test_pending_committed_files_are_judged_in_their_place_with_their_own_lines(project):
    write_history(project.migrations, [ORDERS])
    assert project.run("migrate").code == 0
    write_history(
        project.migrations,
        [
            ORDERS,
            "alter table orders add column state text;\nalter table orders rename column status to old_status;\n",
        ],
    )
    result = project.run("lint", "--json")
    findings = json.loads(result.out)["findings"]
    assert [(f["file"], f["line"], f["rule"]) for f in findings] == [
        ("migrations/committed/000002.sql", 5, "rename-column")
    ]
    # Named on the command line, an applied file is judged too (in its place: orders is new).
    result = project.run("lint", "--json", "migrations/committed/000001.sql")
    assert json.loads(result.out) == {"findings": []}


def test_lines_of_an_included_fixture_are_the_fixtures(project):
    write_history(project.migrations, [ORDERS])
    project.write("migrations/fixtures/idx.sql", "-- indexes\n\ncreate index on orders (total);\n")
    project.write("migrations/current.sql", "select 1;\n--! include idx.sql\nselect 2;\n")
    findings = json.loads(project.run("lint", "--json").out)["findings"]
    assert [(f["file"], f["line"]) for f in findings] == [("migrations/fixtures/idx.sql", 3)]


def test_the_shadow_database_is_left_as_commit_leaves_it(project):
    write_history(project.migrations, [ORDERS])
    project.write(
        "migrations/current.sql",
        "create table fresh (id int);\nalter table orders add column a int;\n",
    )
    assert project.run("lint").code == 0
    with psycopg.connect(project.shadow_database_url) as conn:
        row = conn.execute(
            "select to_regclass('orders') is not null, to_regclass('fresh'),"
            " (select count(*) from pgshift.migrations)"
        ).fetchone()
    assert row == (True, None, 1)


def test_static_needs_no_database_and_a_no_transaction_migration_is_judged_from_its_text(project):
    project.write("migrations/current.sql", "--! no-transaction\nvacuum full orders;\n")
    result = project.run("lint", "--static", "migrations/current.sql")
    assert result.code == 1
    assert "[vacuum-full] VACUUM FULL orders" in result.out
    assert result.err.endswith("1 error in 1 file(s), 1 statement(s), from the SQL text\n")


def test_any_sql_file_can_be_named(project):
    write_history(project.migrations, [ORDERS])
    path = project.write("elsewhere/change.sql", "lock table orders;\n")
    result = project.run("lint", "--json", str(path))
    findings = json.loads(result.out)["findings"]
    assert [(f["file"], f["rule"]) for f in findings] == [("elsewhere/change.sql", "lock-table")]


def test_without_a_shadow_database_the_text_alone_judges(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(f'database_url = "{project.database_url}"\n[library]\ninstall = false\n')
    write_history(project.migrations, [ORDERS])
    project.write("migrations/current.sql", "alter table orders alter column status type text;\n")
    result = project.run("lint")
    assert result.code == 1
    assert "warning [column-type-change]" in result.out
    assert result.err.startswith(
        "pgshift: note: no shadow database is configured: judged from the SQL text alone\n"
    )


def test_an_unreachable_main_database_costs_the_pending_files_and_the_sizes(project, pg):
    from pgshift.db import with_database

    missing = with_database(project.database_url, "no_such_database_for_lint")
    toml = project.root / "pgshift.toml"
    toml.write_text(
        f'database_url = "{missing}"\nshadow_database_url = "{project.shadow_database_url}"\n'
        f'root_database_url = "{pg.dsn("postgres")}"\n[library]\ninstall = false\n'
    )
    write_history(project.migrations, [ORDERS])
    project.write("migrations/current.sql", "create index on orders (status);\n")
    result = project.run("lint")
    assert result.code == 1, result.err
    assert "ShareLock on public.orders, full scan" in result.out  # measured, no sizes
    notes = [line for line in result.err.splitlines() if line.startswith("pgshift: note:")]
    assert notes[0].startswith(
        "pgshift: note: the main database is not reachable, so no committed file was judged ("
    )
    assert (
        notes[1] == "pgshift: note: the main database is not reachable: table sizes are not shown"
    )
