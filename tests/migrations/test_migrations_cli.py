import json

import psycopg

from pgshift.db import database_name, dsn_params

from .helpers import write_history


def test_commit_uncommit_round_trip(project):
    project.write(
        "migrations/current.sql",
        "--! Message: Add things\n\ncreate table if not exists things (id int);\n",
    )
    result = project.run("commit")
    assert result.code == 0, result.err
    path = project.migrations / "committed" / "000001-add-things.sql"
    assert result.out.startswith("committed 000001-add-things.sql (sha1:")
    assert path.exists()
    assert project.query("select filename from pgshift.migrations") == [("000001.sql",)]
    with psycopg.connect(project.shadow_database_url) as c:
        assert c.execute("select to_regclass('things') is not null").fetchone() == (True,)
    assert project.run("uncommit").code == 0
    assert not path.exists()
    assert (project.migrations / "current.sql").read_text() == (
        "--! Message: Add things\n\ncreate table if not exists things (id int);\n"
    )
    assert project.query("select count(*) from pgshift.migrations") == [(0,)]


def test_commit_refuses_blank_and_failing_current(project):
    project.write("migrations/current.sql", "-- just a comment\n")
    result = project.run("commit")
    assert result.code == 65
    assert "the current migration is blank; nothing to commit" in result.err
    project.write("migrations/current.sql", "create table broken (id nosuchtype);\n")
    result = project.run("commit")
    assert result.code == 65
    assert 'type "nosuchtype" does not exist' in result.err
    assert list((project.migrations / "committed").iterdir()) == []
    assert (
        project.migrations / "current.sql"
    ).read_text() == "create table broken (id nosuchtype);\n"


def test_commit_of_non_idempotent_current_explains_itself(project):
    project.write("migrations/current.sql", "create table once (id int);\n")
    assert project.run("watch", "--once").code == 0
    result = project.run("commit")
    assert result.code == 65
    assert "keep current.sql idempotent" in result.err
    assert list((project.migrations / "committed").iterdir()) == []


def test_status_bitmap_and_json(project):
    write_history(project.migrations, ["select 1;"])
    project.write("migrations/current.sql", "select 2;\n")
    result = project.run("status", "--json")
    assert result.code == 3
    data = json.loads(result.out)
    assert data["pending"] == ["000001.sql"] and data["current_blank"] is False
    assert project.run("migrate").code == 0
    assert project.run("status").code == 2
    project.write("migrations/current.sql", "-- nothing\n")
    assert project.run("status").code == 0


def test_status_text_lists_a_long_backlog_briefly(project):
    write_history(project.migrations, [f"select {n};" for n in range(1, 26)])
    assert project.run("migrate").code == 0
    write_history(project.migrations, [f"select {n};" for n in range(1, 51)])
    result = project.run("status")
    assert result.code == 1
    listed = "".join(f"  {n:06}.sql\n" for n in range(26, 45))
    assert result.out == (
        f"database: {database_name(project.database_url)}\n"
        "applied: 25, last 000025.sql\n"
        "pending: 25\n"
        f"{listed}"
        "  ... 6 more, up to 000050.sql (--json lists every one)\n"
        "current: blank (current.sql)\n"
    )


def test_verify_reports_an_edited_file_that_was_already_applied(project):
    paths = write_history(project.migrations, ["create table v (id int);"])
    assert project.run("migrate").code == 0
    assert project.run("verify").code == 0
    paths[0].write_text(paths[0].read_text().replace("(id int)", "(id bigint)"))
    result = project.run("verify")
    assert result.code == 1
    assert result.out.startswith(f"edited: {paths[0]}:2: hash mismatch")


def test_verify_reports_database_ahead_of_files(project):
    paths = write_history(project.migrations, ["select 1;", "select 2;"])
    assert project.run("migrate").code == 0
    paths[1].unlink()
    result = project.run("verify", "--json")
    assert result.code == 1
    problems = json.loads(result.out)["problems"]
    assert [p["kind"] for p in problems] == ["database-ahead"]
    migrate = project.run("migrate")
    assert migrate.code == 65
    assert "the database has applied 000002.sql" in migrate.err


def test_reset_needs_erase_and_force_ends_sessions(project):
    write_history(project.migrations, ["create table r (id int);"])
    result = project.run("reset")
    assert result.code == 64
    assert "pass --erase to confirm" in result.err
    project.query("create table leftover (id int)")
    blocker = psycopg.connect(project.database_url, autocommit=True)
    try:
        refused = project.run("reset", "--erase")
        assert refused.code == 65
        assert "1 other session(s) are connected" in refused.err
        forced = project.run("reset", "--erase", "--force")
        assert forced.code == 0, forced.err
    finally:
        blocker.close()
    assert project.query("select to_regclass('leftover'), to_regclass('r') is not null") == [
        (None, True)
    ]


def test_hooks_sql_and_command_with_environment(project, tmp_path):
    marker = tmp_path / "hook.txt"
    project.write(
        "migrations/before.sql",
        "create table hook_log (db text);\ninsert into hook_log values (':DATABASE_NAME');\n",
    )
    toml = project.root / "pgshift.toml"
    toml.write_text(
        'before_all_migrations = ["before.sql"]\n'
        f'after_all_migrations = [{{ command = "echo $PGSHIFT_DATABASE_NAME:${{PGSHIFT_SHADOW:-0}} >> {marker}" }}]\n'
        + toml.read_text()
    )
    write_history(project.migrations, ["select 1;"])
    assert project.run("migrate").code == 0
    from pgshift.db import database_name

    name = database_name(project.database_url)
    assert project.query("select db from hook_log") == [(name,)]
    assert marker.read_text() == f"{name}:0\n"
    assert project.run("migrate").code == 0  # nothing pending: hooks do not run
    assert marker.read_text() == f"{name}:0\n"
    assert project.run("migrate", "--shadow").code == 0
    assert marker.read_text().splitlines()[1].endswith(":1")


def test_failing_hook_command_stops_migrate(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(
        'before_all_migrations = [{ command = "echo boom >&2; exit 3" }]\n' + toml.read_text()
    )
    write_history(project.migrations, ["create table never (id int);"])
    result = project.run("migrate")
    assert result.code == 65
    assert (
        "before_all_migrations hook 'echo boom >&2; exit 3' exited with status 3:\nboom"
        in result.err
    )
    assert project.query("select to_regclass('never')") == [(None,)]


def test_compile_and_run(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(
        toml.read_text().replace("[library]", '[placeholders]\n":WHO" = "world"\n[library]')
    )
    project.write("q.sql", "select 'hello :WHO' as greeting;\n")
    assert project.run("compile", "q.sql").out == "select 'hello world' as greeting;\n"
    result = project.run("run", "q.sql", "--json")
    assert json.loads(result.out) == [{"greeting": "hello world"}]


def test_commit_refuses_a_shadow_that_is_the_main_database_spelled_otherwise(project):
    # The same socket folder with a trailing slash: another string, the same database.
    params = dsn_params(project.database_url)
    other = project.database_url.replace(params["host"], params["host"] + "/")
    assert other != project.database_url
    (project.root / "pgshift.toml").write_text(
        f'database_url = "{project.database_url}"\nshadow_database_url = "{other}"\n'
        "[library]\ninstall = false\n"
    )
    project.query("create table precious (id int); insert into precious values (1)")
    project.write("migrations/current.sql", "create table t (id int);\n")
    result = project.run("commit", "-m", "t")
    assert result.code == 65
    name = database_name(project.database_url)
    assert result.err == (
        f"pgshift: error: the shadow database {name!r} is the main database (the same server"
        " and name); refusing to drop it: set shadow_database_url to another database\n"
    )
    assert project.query("select id from precious") == [(1,)]
