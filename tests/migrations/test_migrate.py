import subprocess
import sys
import textwrap

import psycopg

from .helpers import write_history


def test_migrate_applies_in_order_and_is_idempotent(project):
    write_history(project.migrations, ["create table t (id int);", "insert into t values (1);"])
    first = project.run("migrate")
    assert first.code == 0, first.err
    assert (
        first.out
        == "applied 000001.sql\napplied 000002.sql\n"
        + f"database {_db(project)}: 2 migration(s) applied\n"
    )
    again = project.run("migrate")
    assert again.out == f"database {_db(project)}: up to date\n"
    assert project.query("select id from t") == [(1,)]


def _db(project):
    from pgshift.db import database_name

    return database_name(project.database_url)


def test_failing_migration_rolls_back_and_names_file_and_line(project):
    write_history(
        project.migrations,
        [
            "create table ok (id int);",
            "create table half (id int);\ninsert into half values (1);\nselect * from missing_table;",
        ],
    )
    result = project.run("migrate")
    assert result.code == 65
    path = project.migrations / "committed" / "000002.sql"
    assert result.err.startswith(
        f'pgshift: error: {path}:6:15: relation "missing_table" does not exist [42P01]\n'
        "    select * from missing_table;\n"
        "                  ^"
    )
    assert project.query("select to_regclass('half') is null, to_regclass('ok') is not null") == [
        (True, True)
    ]
    assert project.query("select filename from pgshift.migrations") == [("000001.sql",)]


def test_migration_that_drops_the_history_table_fails_without_a_position(project):
    # The history row rides in the same query as the body; its error must not point into the file.
    write_history(
        project.migrations, ["create table keep (id int);\ndrop table pgshift.migrations;"]
    )
    result = project.run("migrate")
    assert result.code == 65
    path = project.migrations / "committed" / "000001.sql"
    assert result.err == (
        f'pgshift: error: {path}: relation "pgshift.migrations" does not exist [42P01]\n'
    )
    assert project.query(
        "select to_regclass('keep'), to_regclass('pgshift.migrations') is not null"
    ) == [(None, True)]


def test_edited_committed_file_stops_everything_before_it_runs(project):
    paths = write_history(
        project.migrations, ["create table a (id int);", "create table b (id int);"]
    )
    paths[1].write_text(paths[1].read_text().replace("table b", "table bb"))
    result = project.run("migrate")
    assert result.code == 65
    assert "000002.sql:2: hash mismatch" in result.err
    assert project.query("select to_regclass('a')") == [(None,)]


def test_allow_invalid_hash_runs_and_is_an_error_when_hash_matches(project):
    paths = write_history(project.migrations, ["create table a (id int);"])
    text = paths[0].read_text()
    paths[0].write_text(
        text.replace("\n\n", "\n--! AllowInvalidHash\n\n").replace("table a", "table a2")
    )
    assert project.run("migrate").code == 0
    assert project.query("select to_regclass('a2') is not null") == [(True,)]
    paths[0].write_text(text.replace("\n\n", "\n--! AllowInvalidHash\n\n"))
    result = project.run("verify")
    assert "'AllowInvalidHash' is set but the hash matches" in result.out


def test_wrong_previous_is_a_broken_chain(project):
    paths = write_history(project.migrations, ["select 1;", "select 2;"])
    text = paths[1].read_text()
    paths[1].write_text(text.replace("--! Previous: sha1:", "--! Previous: sha1:0"))
    result = project.run("migrate")
    assert result.code == 65
    assert f"{paths[1]}:1: 'Previous: sha1:0" in result.err
    assert "does not match the hash of 000001.sql" in result.err


def test_crlf_file_gets_a_fix_it_message(project):
    paths = write_history(project.migrations, ["select 1;"])
    paths[0].write_bytes(paths[0].read_bytes().replace(b"\n", b"\r\n"))
    result = project.run("migrate")
    assert result.code == 65
    assert f"{paths[0]}:1: the file has Windows (CRLF) line endings" in result.err


def test_malformed_headers_are_reported_with_line(project):
    committed = project.migrations / "committed"
    (committed / "000001.sql").write_text("--! Previous: -\n--! Hash: sha1:x\nselect 1;\n")
    result = project.run("migrate")
    assert result.err == (
        f"pgshift: error: {committed / '000001.sql'}:3: the header block must be "
        "followed by an empty line\n"
    )
    (committed / "000001.sql").write_text("--! Previous: -\n\nselect 1;\n")
    result = project.run("migrate")
    assert (
        result.err
        == f"pgshift: error: {committed / '000001.sql'}:1: missing the '--! Hash:' header\n"
    )


def test_no_transaction_migration_runs_outside_a_transaction(project):
    write_history(
        project.migrations,
        [
            "create table t (id int);",
            "--! no-transaction\ncreate index concurrently t_id on t (id);",
        ],
    )
    result = project.run("migrate")
    assert result.code == 0, result.err
    assert project.query("select indexname from pg_indexes where tablename = 't'") == [("t_id",)]


def test_no_transaction_with_two_statements_is_refused_before_anything_runs(project):
    write_history(
        project.migrations,
        [
            "create table t (id int);",
            "--! no-transaction\ncreate index concurrently a on t (id);\ncreate index concurrently b on t (id);",
        ],
    )
    result = project.run("migrate")
    assert result.code == 65
    assert "must hold one statement; this one holds 2" in result.err
    assert project.query("select to_regclass('t')") == [(None,)]


def test_dry_run_changes_nothing(project):
    write_history(project.migrations, ["create table t (id int);"])
    result = project.run("migrate", "--dry-run")
    assert result.out.splitlines()[0] == "would apply 000001.sql"
    assert project.query("select to_regclass('t'), to_regnamespace('pgshift')") == [(None, None)]


def test_placeholders_and_pg_settings(project):
    (project.root / "pgshift.toml").write_text(
        (project.root / "pgshift.toml")
        .read_text()
        .replace(
            "[library]",
            'pg_settings = { "application_name" = "pgshift-test" }\n'
            '[placeholders]\n":GREETING" = "hello"\n[library]',
        )
    )
    write_history(
        project.migrations,
        [
            "create table t as select ':GREETING'::text as g, ':DATABASE_NAME'::text as d,"
            " current_setting('application_name') as app, ':GREETINGS'::text as untouched;"
        ],
    )
    assert project.run("migrate").code == 0
    assert project.query("select g, d, app, untouched from t") == [
        ("hello", _db(project), "pgshift-test", ":GREETINGS")
    ]


def test_two_migrate_processes_apply_each_migration_once(project):
    write_history(
        project.migrations,
        ["create table t (id int);", "select pg_sleep(1.0);", "insert into t values (1);"],
    )
    code = textwrap.dedent("""
        import sys
        from pgshift.cli.main import main
        sys.exit(main(sys.argv[1:]))
    """)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, "migrate", *extra],
            cwd=project.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for extra in ([], [])
    ]
    results = [p.communicate(timeout=60) + (p.returncode,) for p in procs]
    codes = sorted(r[2] for r in results)
    assert codes == [0, 65]
    loser = next(r for r in results if r[2] == 65)
    assert "another pgshift process is migrating this database" in loser[1]
    assert "--wait-lock" in loser[1]
    assert project.query("select count(*) from t") == [(1,)]
    waiting = [
        subprocess.Popen(
            [sys.executable, "-c", code, "migrate", "--wait-lock", "30"],
            cwd=project.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    assert [w.communicate(timeout=60) and w.returncode for w in waiting] == [0, 0]


def test_advisory_lock_is_released_after_a_failure(project):
    write_history(project.migrations, ["select * from nope;"])
    assert project.run("migrate").code == 65
    with psycopg.connect(project.database_url, autocommit=True) as c:
        assert c.execute("select pg_try_advisory_lock(%s)", [0x7067736869667400]).fetchone() == (
            True,
        )


def test_missing_migrations_folder(project):
    import shutil

    shutil.rmtree(project.migrations)
    result = project.run("migrate")
    assert result.code == 65
    assert result.err == (
        f"pgshift: error: the migrations folder {project.migrations} does not exist; "
        "run `pgshift init` or set 'migrations_folder' in pgshift.toml\n"
    )


def test_a_body_with_its_own_begin_and_savepoints_applies_and_is_recorded(project):
    # graphile-migrate runs each body in a transaction of its own: a BEGIN inside is only a
    # warning there, and savepoints work. Everything after such a body must be kept too.
    write_history(
        project.migrations,
        [
            "create table a (id int);",
            "begin;\ncreate table forgot (id int);",
            "savepoint s;\ncreate table kept (id int);\nrelease savepoint s;",
            "create table after_it (id int);",
        ],
    )
    result = project.run("migrate")
    assert result.code == 0, result.err
    assert project.query(
        "select count(*) from pg_class where relname in ('a', 'forgot', 'kept', 'after_it')"
    ) == [(4,)]
    assert project.query("select count(*) from pgshift.migrations") == [(4,)]
    assert project.run("migrate").out.endswith(": up to date\n")
