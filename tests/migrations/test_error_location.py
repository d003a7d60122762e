"""Runtime errors (no server position) are located by pgshift at the failing statement."""

from migrations.helpers import write_history


def test_a_runtime_error_in_current_names_its_line(project):
    project.write(
        "migrations/current.sql",
        "create table t (id int primary key);\ninsert into t values (1);\n\n"
        "-- the second insert collides\ninsert into t values (1);\nselect 1;\n",
    )
    result = project.run("watch", "--once")
    assert result.code == 65
    assert result.err.endswith(
        f"pgshift: error: {project.migrations / 'current.sql'}:5:1: duplicate key value violates "
        'unique constraint "t_pkey" [23505]\n'
        "    insert into t values (1);\n"
        "    ^\n"
        "  DETAIL: Key (id)=(1) already exists.\n"
    )
    # the re-run that found the line was rolled back too
    assert project.query("select to_regclass('t')") == [(None,)]
    assert project.query("select count(*) from pgshift.current") == [(0,)]


def test_division_by_zero_on_line_two(project):
    project.write("migrations/current.sql", "select 1;\n  select 1/0;\n")
    result = project.run("watch", "--once")
    assert result.err.endswith(
        f"pgshift: error: {project.migrations / 'current.sql'}:2:3: division by zero [22012]\n"
        "      select 1/0;\n"
        "      ^\n"
    )


def test_a_committed_migration_failing_at_run_time_names_file_and_line(project):
    write_history(
        project.migrations,
        [
            "create table a (n int check (n > 0));\ninsert into a values (1);\ninsert into a values (-1);"
        ],
    )
    result = project.run("migrate")
    path = project.migrations / "committed" / "000001.sql"
    assert result.code == 65
    assert result.err.startswith(
        f'pgshift: error: {path}:6:1: new row for relation "a" violates check constraint "a_n_check" [23514]\n'
    )
    assert project.query("select to_regclass('a')") == [(None,)]


def test_plpgsql_raise_keeps_the_context_lines(project):
    project.write(
        "migrations/current.sql",
        "create or replace function boom() returns void language plpgsql as $$\n"
        "begin\n  raise exception 'boom: %', 42;\nend $$;\n"
        "select boom();\n",
    )
    result = project.run("watch", "--once")
    assert result.code == 65
    assert f"{project.migrations / 'current.sql'}:5:1: boom: 42 [P0001]" in result.err
    assert "  CONTEXT: PL/pgSQL function boom() line 3 at RAISE\n" in result.err


def test_an_error_in_a_current_folder_part_names_the_part(project):
    folder = project.migrations / "current"
    folder.mkdir()
    (folder / "001-a.sql").write_text("create table a (id int primary key);\n")
    (folder / "002-b.sql").write_text("insert into a values (1);\n\ninsert into a values (1);\n")
    result = project.run("watch", "--once")
    assert f"{folder / '002-b.sql'}:3:1: duplicate key value" in result.err


def test_a_sql_hook_failing_at_run_time_names_its_line(project):
    toml = project.root / "pgshift.toml"
    toml.write_text('after_all_migrations = ["after.sql"]\n' + toml.read_text())
    project.write("migrations/after.sql", "select 1;\nselect 1/0;\n")
    write_history(project.migrations, ["create table a (id int);"])
    result = project.run("migrate")
    assert result.code == 65
    assert result.err.startswith(
        f"pgshift: error: {project.migrations / 'after.sql'}:2:1: division by zero [22012]\n"
    )


def test_run_names_the_line(project):
    project.write("q.sql", "select 1;\n\nselect 1/0;\n")
    result = project.run("run", "q.sql")
    assert result.code == 65
    assert result.err.startswith("pgshift: error: q.sql:3:1: division by zero [22012]\n")


def test_a_body_with_transaction_control_is_not_run_again(project):
    # Re-running would COMMIT inside the rolled-back transaction: such a body is reported by
    # file only, and the insert before its COMMIT happens once (as the body itself ran it).
    write_history(project.migrations, ["create table log (n int);"])
    project.write(
        "migrations/current.sql",
        "insert into log values (1);\ncommit;\nbegin;\nselect 1/0;\n",
    )
    result = project.run("watch", "--once")
    assert result.code == 65
    assert f"{project.migrations / 'current.sql'}: division by zero [22012]" in result.err
    assert project.query("select count(*) from log") == [(1,)]


def test_a_failed_commit_points_into_current_sql_and_says_nothing_was_committed(project):
    current = project.write(
        "migrations/current.sql",
        "--! Message: breaks\n\n" + "select 1;\n" * 6 + "select from from nowhere;\n",
    )
    before = current.read_text()
    result = project.run("commit")
    assert result.code == 65
    assert result.err == (
        f'pgshift: error: {current}:9:13: syntax error at or near "from" [42601]\n'
        "    select from from nowhere;\n"
        "                ^\n"
        "  note: nothing was committed; current.sql is unchanged\n"
    )
    assert list((project.migrations / "committed").iterdir()) == []
    assert current.read_text() == before


def test_a_failed_commit_at_run_time_names_the_included_fixture(project):
    project.write(
        "migrations/fixtures/seed.sql", "\n\ninsert into s values (1);\ninsert into s values (1);\n"
    )
    current = project.write(
        "migrations/current.sql",
        "create table s (id int primary key);\n--! include seed.sql\nselect 1;\n",
    )
    result = project.run("commit")
    assert result.code == 65
    fixture = project.migrations / "fixtures" / "seed.sql"
    assert result.err.startswith(
        f'pgshift: error: {fixture}:4:1: duplicate key value violates unique constraint "s_pkey"'
    )
    assert result.err.endswith("  note: nothing was committed; current.sql is unchanged\n")
    assert list((project.migrations / "committed").iterdir()) == []
    assert current.read_text().startswith("create table s")


def test_a_byte_order_mark_in_current_sql_is_not_sql(project):
    (project.migrations / "current.sql").write_bytes(b"\xef\xbb\xbfcreate table bom (id int);\n")
    result = project.run("watch", "--once")
    assert result.code == 0, result.err
    assert project.query("select to_regclass('bom') is not null") == [(True,)]


def test_a_byte_order_mark_in_a_committed_file_is_named(project):
    (path,) = write_history(project.migrations, ["create table a (id int);"])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = project.run("migrate")
    assert result.code == 65
    assert result.err == (
        f"pgshift: error: {path}:1: the file starts with a UTF-8 byte-order mark (invisible in "
        "most editors); committed files are hashed byte for byte: remove the mark and check "
        "the hash with `pgshift verify`\n"
    )


def test_bytes_that_are_not_utf8_are_reported_by_line_and_column(project):
    (project.migrations / "current.sql").write_bytes(
        b"select 1;\nselect 'caf\xc3\xa9', 'caf\xe9';\n"
    )
    result = project.run("watch", "--once")
    assert result.code == 65
    assert result.err.endswith(
        f"pgshift: error: {project.migrations / 'current.sql'}:2: column 20: byte 0xe9 is not "
        "UTF-8; save the file as UTF-8\n"
    )


def test_finding_the_line_never_waits_long_for_a_lock(project):
    # A reader queued behind the failed run's ALTER gets the table when it rolls back and keeps
    # its transaction open: the re-run must give up on that lock instead of hanging.
    import threading
    import time

    import psycopg

    write_history(project.migrations, ["create table t (id int);"])
    assert project.run("migrate").code == 0
    project.write(
        "migrations/current.sql",
        "alter table t add column c int;\nselect pg_sleep(1);\nselect 1/0;\n",
    )
    release = threading.Event()

    def reader():
        time.sleep(0.4)
        with psycopg.connect(project.database_url) as conn:  # a transaction, left open
            conn.execute("select * from t").fetchall()
            release.wait(30)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        started = time.monotonic()
        result = project.run("watch", "--once")
        elapsed = time.monotonic() - started
    finally:
        release.set()
        thread.join()
    assert result.code == 65
    assert f"{project.migrations / 'current.sql'}" in result.err
    assert "division by zero [22012]" in result.err
    assert elapsed < 8, elapsed  # one second of work, then at most a few 1 s lock timeouts
