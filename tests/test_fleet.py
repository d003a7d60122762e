"""Fleets: one command migrates, reports on and verifies many databases."""

import json
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from migrations.helpers import write_history
from pgshift.db import redact_dsn

BODIES = [
    "create table accounts (id int primary key);",
    "alter table accounts add column name text;",
    "create index on accounts (name);",
]


@pytest.fixture
def fleet(pg, project):
    """Four tenant databases: two fresh, one part-way, one whose data breaks migration 3."""
    names = [pg.create_database() for _ in range(4)]
    urls = [pg.dsn(n) for n in names]
    toml = project.root / "pgshift.toml"
    listed = ", ".join(f'"{u}"' for u in urls)
    toml.write_text(toml.read_text() + f"[environments.tenants]\ndatabase_urls = [{listed}]\n")
    yield project, names, urls
    for name in names:
        pg.drop_database(name)


def _run_on(url, sql):
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def test_migrate_a_fleet_fresh_part_way_and_broken(fleet):
    project, names, urls = fleet
    write_history(project.migrations, BODIES[:1])
    # part-way: the first migration applied by an earlier run
    assert project.run("migrate", "--env", "tenants").code == 0  # every database at 000001
    # the broken one: a name the unique index in 000003 cannot take
    _run_on(urls[3], "insert into accounts values (1), (2)")
    write_history(
        project.migrations,
        BODIES[:2] + ["create unique index accounts_name on accounts ((coalesce(name, '')));"],
    )
    result = project.run("migrate", "--env", "tenants", "--json", "--jobs", "2")
    assert result.code == 65
    report = json.loads(result.out)
    by_url = {d["url"]: d for d in report["databases"]}
    assert [by_url[redact_dsn(u)]["state"] for u in urls] == [
        "migrated",
        "migrated",
        "migrated",
        "failed",
    ]
    assert by_url[redact_dsn(urls[0])]["applied"] == ["000002.sql", "000003.sql"]
    broken = by_url[redact_dsn(urls[3])]
    assert broken["applied"] == ["000002.sql"]  # left as its failing migration found it
    assert broken["pending"] == ["000003.sql"]  # what is left to run, from the failed file on
    assert "000003.sql" in broken["error"] and "[23505]" in broken["error"]
    assert report["failed"] == 1
    with psycopg.connect(urls[3]) as conn:
        rows = conn.execute("select filename from pgshift.migrations order by 1").fetchall()
    assert rows == [("000001.sql",), ("000002.sql",)]


def test_status_and_verify_of_a_fleet(fleet):
    project, names, urls = fleet
    write_history(project.migrations, BODIES)
    assert project.run("migrate", "--env", "tenants", "--jobs", "4").code == 0
    assert project.run("status", "--env", "tenants").code == 0
    write_history(project.migrations, BODIES + ["select 1;"])
    status = project.run("status", "--env", "tenants", "--json")
    assert status.code == 1
    assert {d["state"] for d in json.loads(status.out)["databases"]} == {"pending"}
    verify = project.run("verify", "--env", "tenants")
    assert verify.code == 0, verify.out
    assert verify.out.startswith("verify 4 database(s) in ")
    assert verify.out.rstrip().endswith("4 ok")


def test_a_locked_database_fails_alone_and_fail_fast_stops_the_rest(fleet):
    project, names, urls = fleet
    write_history(project.migrations, BODIES[:1])
    holder = psycopg.connect(urls[0], autocommit=True)
    try:
        from pgshift.db import ADVISORY_LOCK_KEY

        holder.execute("select pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        result = project.run("migrate", "--env", "tenants", "--json", "--jobs", "1")
        states = [d["state"] for d in json.loads(result.out)["databases"]]
        assert result.code == 65 and states == ["failed", "migrated", "migrated", "migrated"]
        assert (
            "another pgshift process is migrating"
            in json.loads(result.out)["databases"][0]["error"]
        )
        write_history(project.migrations, BODIES[:2])
        # a dry run is a preview: the lock another migrate holds neither blocks nor fails it
        preview = project.run("migrate", "--env", "tenants", "--json", "--dry-run")
        assert preview.code == 0, preview.out
        assert [d["state"] for d in json.loads(preview.out)["databases"]] == ["pending"] * 4
        assert json.loads(preview.out)["databases"][0]["pending"] == ["000001.sql", "000002.sql"]
        fast = project.run("migrate", "--env", "tenants", "--json", "--jobs", "1", "--fail-fast")
        states = [d["state"] for d in json.loads(fast.out)["databases"]]
        assert fast.code == 65 and states == ["failed", "skipped", "skipped", "skipped"]
    finally:
        holder.close()


def test_the_text_report_summarises_and_names_each_failure(fleet):
    project, names, urls = fleet
    write_history(project.migrations, ["select 1/0;"])
    result = project.run("migrate", "--env", "tenants")
    assert result.code == 65
    lines = result.out.splitlines()
    assert lines[0].startswith("migrate 4 database(s) in ") and lines[0].endswith(": 4 failed")
    assert len([line for line in lines if line.startswith("failed: ")]) == 4
    assert "000001.sql:4:1: division by zero [22012]" in lines[1]
    # in a pipe: one line per database on stderr, no live table
    assert result.err.count("failed (") == 4


def test_a_fleet_from_a_query_and_a_confirmation_that_names_the_count(pg, project):
    names = [pg.create_database(f"tenant_{i}_{project.root.parent.name[-6:]}") for i in range(2)]
    try:
        toml = project.root / "pgshift.toml"
        pattern = f"tenant\\\\_%\\\\_{project.root.parent.name[-6:]}"
        toml.write_text(
            toml.read_text()
            + "[environments.tenants]\n"
            + f'root_database_url = "{pg.dsn("postgres")}"\n'
            + f"database_urls_query = \"select datname from pg_database where datname like '{pattern}' order by 1\"\n"
            + "confirm = true\n"
        )
        write_history(project.migrations, BODIES[:1])
        refused = project.run("migrate", "--env", "tenants")
        assert refused.code == 65
        assert "(2 databases) needs confirmation. Would migrate 2 database(s) on " in refused.err
        result = project.run("migrate", "--env", "tenants", "--yes", "--json")
        assert result.code == 0, result.err
        assert [
            d["database"].rsplit("/", 1)[-1] for d in json.loads(result.out)["databases"]
        ] == names
    finally:
        for name in names:
            pg.drop_database(name)


def test_ctrl_c_starts_no_further_database_and_stops_the_running_one_between_migrations(fleet):
    project, names, urls = fleet
    write_history(project.migrations, ["select pg_sleep(1);", "create table after_sleep ();"])
    child = subprocess.Popen(
        [sys.executable, "-m", "pgshift", "migrate", "--env", "tenants", "--jobs", "1", "--json"],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        with psycopg.connect(urls[1], autocommit=True) as watcher:
            deadline = time.monotonic() + 30
            while not watcher.execute(
                "select 1 from pg_stat_activity where datname = %s and query like %s",
                [names[0], "%pg_sleep(1)%"],
            ).fetchone():
                assert time.monotonic() < deadline and child.poll() is None, child.stderr
                time.sleep(0.02)
        child.send_signal(signal.SIGINT)  # while the first database sleeps in 000001
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, err
    assert "interrupted (Ctrl-C): no database was started after it" in err
    report = json.loads(out)
    assert [d["state"] for d in report["databases"]] == [
        "interrupted",
        "skipped",
        "skipped",
        "skipped",
    ]
    first = report["databases"][0]
    assert (first["applied"], first["pending"]) == (["000001.sql"], ["000002.sql"])
    with psycopg.connect(urls[0]) as conn:
        rows = conn.execute("select filename from pgshift.migrations").fetchall()
        assert rows == [("000001.sql",)]  # the migration under way finished; none after it
    for url in urls[1:]:
        with psycopg.connect(url) as conn:
            assert conn.execute("select to_regnamespace('pgshift')").fetchone() == (None,)


def test_the_confirmation_names_socket_and_tcp_servers(project):
    toml = project.root / "pgshift.toml"
    socket_url = "postgresql://app@/tenant_a?host=/run/pg-sock&port=5433"
    tcp_url = "postgresql://app:secret@db.example.com:5432/tenant_b"
    toml.write_text(
        toml.read_text()
        + f'[environments.tenants]\ndatabase_urls = ["{socket_url}", "{tcp_url}"]\n'
        + "confirm = true\n"
    )
    refused = project.run("migrate", "--env", "tenants")  # refused before connecting
    assert refused.code == 65
    assert "Would migrate 2 database(s) on db.example.com:5432, socket /run/pg-sock:5433." in (
        refused.err
    )
    assert "secret" not in refused.err


def test_fleet_verify_problems_are_findings_and_shadow_is_refused(fleet):
    project, names, urls = fleet
    paths = write_history(project.migrations, BODIES[:1])
    assert project.run("migrate", "--env", "tenants").code == 0
    paths[0].chmod(0o644)
    paths[0].write_text(paths[0].read_text().replace("primary key", "primary key "))
    verify = project.run("verify", "--env", "tenants", "--json")
    assert verify.code == 1
    assert {d["state"] for d in json.loads(verify.out)["databases"]} == {"problems"}
    refused = project.run("migrate", "--env", "tenants", "--shadow")
    assert refused.code == 64
    assert "do not apply to a fleet environment" in refused.err


def test_a_fleet_query_needs_its_own_root_database_url(project):
    toml = project.root / "pgshift.toml"
    toml.write_text(toml.read_text() + '[environments.tenants]\ndatabase_urls_query = "select 1"\n')
    result = project.run("status")
    assert result.code == 65
    assert "has 'database_urls_query' but no 'root_database_url'" in result.err
