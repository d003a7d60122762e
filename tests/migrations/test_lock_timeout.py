"""Lock timeouts that retry: against a real session holding the lock, a reader is served while
the migration waits, the migration lands once the holder ends, and giving up names the holder
and leaves nothing half applied."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from pgshift.config import build_config, parse_duration_ms
from pgshift.errors import ConfigError
from pgshift.migrations.lockwait import LockPolicy

from .helpers import write_history

ORDERS = "create table orders (id int primary key, total int);\ninsert into orders select g, g from generate_series(1, 100) g;"


class Blocker:
    """Another application's session, holding a lock on orders in an open transaction."""

    def __init__(self, url: str, statement: str) -> None:
        self.conn = psycopg.connect(url, autocommit=True, application_name="blocker")
        self.conn.execute("begin")
        self.conn.execute(statement)
        self.pid = self.conn.info.backend_pid

    def end(self) -> None:
        self.conn.execute("commit")
        self.conn.close()


def wait_until_waiting(url: str, *, table: str | None = "orders", seconds: float = 10) -> int:
    """The pid of the session waiting (not granted) for a lock on `table` (None: any lock)."""
    deadline = time.monotonic() + seconds
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "select pid from pg_locks where not granted"
                " and (%s::text is null or relation = to_regclass(%s))",
                [table, table],
            ).fetchone()
            if row:
                return int(row[0])
            time.sleep(0.01)
    raise AssertionError(f"nobody started waiting for {table}")


def run_in_thread(target) -> tuple[threading.Thread, dict]:
    box: dict = {}

    def run() -> None:
        try:
            box["result"] = target()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


def test_a_reader_is_served_while_the_migration_waits_and_the_migration_lands_after(project):
    write_history(project.migrations, [ORDERS])
    assert project.run("migrate").code == 0
    write_history(project.migrations, [ORDERS, "alter table orders add column note text;"])
    blocker = Blocker(project.database_url, "select * from orders limit 1")
    thread, box = run_in_thread(
        lambda: project.run("migrate", "--lock-timeout", "400ms", "--lock-retries", "20")
    )
    try:
        migration_pid = wait_until_waiting(project.database_url)
        # A query of the running application, queued behind the migration's lock request:
        # served as soon as the lock timeout takes that request away.
        started = time.monotonic()
        with psycopg.connect(project.database_url, autocommit=True) as reader:
            assert reader.execute("select count(*) from orders").fetchone() == (100,)
        waited = time.monotonic() - started
        assert waited < 0.4 + 0.3, waited
        time.sleep(0.6)  # a retry or two fail while the blocker still holds its lock
    finally:
        blocker.end()
    thread.join(30)
    result = box["result"]
    assert result.code == 0, result.err
    assert "applied 000002.sql" in result.out
    assert (
        f"pgshift: 000002.sql: AccessExclusiveLock on public.orders was not granted in time "
        f"(held by pid {blocker.pid} (user postgres, application_name 'blocker', "
        "state 'idle in transaction', query started " in result.err
    )
    assert "; retry 1 of 20 in " in result.err
    assert migration_pid != blocker.pid
    assert project.query(
        "select count(*) from information_schema.columns where column_name = 'note'"
    ) == [(1,)]


def test_giving_up_names_the_blocker_and_applies_nothing(project):
    write_history(project.migrations, [ORDERS])
    assert project.run("migrate").code == 0
    write_history(
        project.migrations,
        [ORDERS, "create table audit (id int);\nalter table orders add column note text;"],
    )
    blocker = Blocker(project.database_url, "select * from orders limit 1")
    try:
        result = project.run("migrate", "--json", "--lock-timeout", "200ms", "--lock-retries", "1")
    finally:
        blocker.end()
    assert result.code == 65
    path = project.migrations / "committed" / "000002.sql"
    retry, error = result.err.splitlines()
    assert retry.startswith("pgshift: 000002.sql: AccessExclusiveLock on public.orders was not")
    assert "; retry 1 of 1 in " in retry
    assert error.startswith(
        f"pgshift: error: {path}: AccessExclusiveLock on public.orders was not granted within "
        "200 ms, 2 times over "
    )
    assert (
        f" s; held by pid {blocker.pid} (user postgres, application_name 'blocker', "
        "state 'idle in transaction', query started "
    ) in error
    assert error.endswith(
        ": select * from orders limit 1); nothing of 000002.sql was applied: end that session "
        "or migrate again later [55P03]"
    )
    assert '"sqlstate": "55P03"' in result.out
    assert project.query("select to_regclass('audit')") == [(None,)]
    assert project.query("select filename from pgshift.migrations") == [("000001.sql",)]


def test_the_configuration_sets_it_top_level_or_per_environment(project):
    write_history(project.migrations, [ORDERS])
    assert project.run("migrate").code == 0
    write_history(project.migrations, [ORDERS, "alter table orders add column note text;"])
    toml = project.root / "pgshift.toml"
    toml.write_text(
        'lock_timeout = "5min"\nlock_retries = 7\n'
        + toml.read_text()
        + f'[environments.prod]\ndatabase_url = "{project.database_url}"\nlock_timeout = "150ms"\nlock_retries = 0\n'
    )
    blocker = Blocker(project.database_url, "select * from orders limit 1")
    try:
        result = project.run("migrate", "--env", "prod")
    finally:
        blocker.end()
    assert result.code == 65
    assert "was not granted within 150 ms, 1 times over" in result.err


CONCURRENT_INDEX = (
    "--! no-transaction\ncreate index concurrently orders_total_idx on orders (total);"
)


def _concurrent_index_project(project, retries: int):
    write_history(project.migrations, [ORDERS])
    assert project.run("migrate").code == 0
    write_history(project.migrations, [ORDERS, CONCURRENT_INDEX])
    toml = project.root / "pgshift.toml"
    toml.write_text(f'lock_timeout = "300ms"\nlock_retries = {retries}\n' + toml.read_text())


def test_a_no_transaction_migration_sets_it_on_the_session_and_drops_what_it_left(project):
    from pgshift import load_config, plan_migrations, resolve_target

    _concurrent_index_project(project, retries=20)
    config = load_config(project.root)
    # A writer: CREATE INDEX CONCURRENTLY makes its (invalid) index, then waits for the
    # writer's transaction; the lock timeout cancels it half way, every time, until it ends.
    blocker = Blocker(project.database_url, "update orders set total = total where id = 1")
    with plan_migrations(config, resolve_target(config)) as plan:
        retries: list = []
        thread, box = run_in_thread(lambda: plan.apply(on_lock_retry=retries.append))
        wait_until_waiting(project.database_url, table=None)
        time.sleep(1.0)
        blocker.end()
        thread.join(30)
        setting = plan.session.conn.execute("show lock_timeout").fetchone()
    assert "error" not in box, box.get("error")
    assert box["result"].applied == ["000002.sql"]
    assert retries and all(r.file == "000002.sql" for r in retries)
    assert setting == ("0",)  # put back as it was
    assert project.query("select count(*) from pg_index where not indisvalid") == [(0,)]
    assert project.query(
        "select indisvalid from pg_index where indexrelid = 'orders_total_idx'::regclass"
    ) == [(True,)]


def test_an_index_left_invalid_that_cannot_be_dropped_is_named(project):
    _concurrent_index_project(project, retries=0)
    blocker = Blocker(project.database_url, "update orders set total = total where id = 1")
    try:
        result = project.run("migrate")
    finally:
        blocker.end()
    assert result.code == 65
    assert f"held by pid {blocker.pid}" in result.err
    assert (
        "; the invalid index it left could not be dropped either: once that session ends, run "
        "DROP INDEX CONCURRENTLY public.orders_total_idx: end that session or migrate again later"
    ) in result.err
    with psycopg.connect(project.database_url, autocommit=True) as conn:
        conn.execute("drop index concurrently public.orders_total_idx")
    assert project.run("migrate").code == 0


def test_a_migration_waiting_on_a_row_names_the_transaction_holding_it(project):
    write_history(project.migrations, [ORDERS])
    assert project.run("migrate").code == 0
    write_history(project.migrations, [ORDERS, "update orders set total = 0 where id = 1;"])
    blocker = Blocker(project.database_url, "select * from orders where id = 1 for update")
    try:
        result = project.run("migrate", "--lock-timeout", "200ms", "--lock-retries", "0")
    finally:
        blocker.end()
    assert result.code == 65
    assert "a row held by transaction " in result.err
    assert f"held by pid {blocker.pid}" in result.err


def test_without_a_lock_timeout_nothing_changes(project):
    # No watcher, no SET: the migration waits as long as it takes (here, not at all).
    write_history(project.migrations, [ORDERS, "alter table orders add column note text;"])
    assert project.run("migrate").code == 0
    # ... and a migrate without one does not even import the retry machinery (~2 ms).
    code = (
        "import sys, pgshift.migrations.runner; print('pgshift.migrations.lockwait' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_bad_duration_is_a_usage_error(project):
    result = project.run("migrate", "--lock-timeout", "soon")
    assert result.code == 64
    assert "'soon' is not a duration (2s, 500ms, 1min)" in result.err


def test_durations_and_configuration_checks(tmp_path: Path):
    assert [parse_duration_ms(v) for v in ("2s", "500ms", "1min", "1h", 250, "0")] == [
        2000,
        500,
        60000,
        3600000,
        250,
        0,
    ]
    config = build_config({"lock_timeout": "2s"}, root=tmp_path, env={})
    assert (config.lock_timeout_ms, config.lock_retries) == (2000, 3)
    assert build_config({"lock_timeout": 0}, root=tmp_path, env={}).lock_timeout_ms is None
    with pytest.raises(ConfigError) as caught:
        build_config(
            {"lock_timeout": "soon", "environments": {"prod": {"lock_retries": -1}}},
            root=tmp_path,
            env={},
        )
    assert caught.value.problems == [
        '\'lock_timeout\' must be a duration such as "2s", "500ms" or "1min" (or milliseconds), got \'soon\'',
        "'environments.prod.lock_retries' must be a number from 0 to 100",
    ]


def test_pauses_grow_and_are_jittered():
    policy = LockPolicy(1000, retries=8, first_pause=0.5, max_pause=4.0)
    rng = random.Random(1)
    pauses = [policy.pause(n, rng) for n in range(1, 8)]
    for n, pause in enumerate(pauses, start=1):
        ceiling = min(4.0, 0.5 * 2 ** (n - 1))
        assert ceiling / 2 <= pause <= ceiling
    assert len(set(pauses)) == len(pauses)
