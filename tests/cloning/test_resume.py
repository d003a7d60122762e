"""A clone killed with SIGKILL in the middle of the data phase, finished with --resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from pgshift.cloning import inprocess

from .helpers import contents

_CLI = "import sys; from pgshift.cli.main import main; sys.exit(main())"


def _wait_for(conn: psycopg.Connection, query: str, *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = conn.execute(query).fetchone()
        if row and row[0]:
            return
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for: {query}")


def _pgshift(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _CLI, *args], capture_output=True, text=True)


@contextmanager
def _killed_when_blocked(
    args: list[str], target: str, lock: str, *, first: str | None = None
) -> Iterator[psycopg.Connection]:
    """Start `pgshift *args`; once the resume state has its chunks (and `first` holds), take
    the row locks of `lock` and SIGKILL the clone as soon as it waits on them. Yields a
    connection to the target, after the kill."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    watcher = psycopg.connect(target, autocommit=True)
    locker = psycopg.connect(target)  # holds row locks in an open transaction
    try:
        _wait_for(watcher, "select to_regclass('pgshift_clone.chunks') is not null")
        _wait_for(watcher, "select count(*) from pgshift_clone.chunks")
        locker.execute(lock)
        if first is not None:
            _wait_for(watcher, first)
        _wait_for(
            watcher,
            "select count(*) from pg_stat_activity"
            " where datname = current_database() and wait_event_type = 'Lock'",
        )
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        locker.rollback()
        yield watcher
    finally:
        locker.close()
        watcher.close()
        if proc.poll() is None:
            proc.kill()


def test_kill_9_mid_data_then_resume(source, target):
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("create table big (id int primary key, pad text)")
        conn.execute("insert into big select i, repeat('x', 200) from generate_series(1, 4000) i")
    expected = contents(source)
    args = ["clone", source, target, "--jobs", "1", "--split-size", "64KB"]
    # Every chunk of `big` but the first waits on its done mark: the kill lands mid-data.
    with _killed_when_blocked(
        args,
        target,
        "select from pgshift_clone.chunks where name = 'big' and idx > 0 for update",
        first="select count(*) from pgshift_clone.chunks where done",
    ) as watcher:
        again = _pgshift(*args)
        assert again.returncode == 65
        assert "holds an interrupted clone (schema pgshift_clone); run again with --resume" in (
            again.stderr
        )
        copied = watcher.execute("select count(*) from big").fetchone()[0]
        assert 0 < copied < 4000

        resumed = _pgshift(*args, "--resume")
        assert resumed.returncode == 0, resumed.stderr
        assert "verified" in resumed.stdout
    assert contents(target) == expected
    with psycopg.connect(target, autocommit=True) as conn:
        assert conn.execute("select to_regnamespace('pgshift_clone')").fetchone() == (None,)


def test_kill_9_while_small_tables_copy_in_process_then_resume(source, target):
    # Small tables are written by psql sessions that pgshift feeds, in transactions of up to
    # BATCH_TABLES tables with their done marks, in name order among tables of one page. A lock
    # on the mark of the last one, taken while the batches before it copy, stops the writer
    # there: mid-data.
    count = 2 * inprocess.BATCH_TABLES + 10
    with psycopg.connect(source, autocommit=True) as conn:
        for n in range(count):
            conn.execute(f"create table small_{n:03} as select generate_series(1, 20) as id")
        conn.execute("create table zz_last as select 1 as id")
    expected = contents(source)
    args = ["clone", source, target, "--jobs", "1"]
    with _killed_when_blocked(
        args, target, "select from pgshift_clone.chunks where name = 'zz_last' for update"
    ) as watcher:
        # The batch being written when the writer died has no rows; tables marked done have
        # all theirs, the others none.
        assert watcher.execute("select count(*) from zz_last").fetchone() == (0,)
        marks = watcher.execute(
            "select name, done from pgshift_clone.chunks where name like 'small%'"
        ).fetchall()
        assert len(marks) == count
        for name, done in marks:
            rows = watcher.execute(f"select count(*) from {name}").fetchone()[0]
            assert rows == (20 if done else 0), (name, done, rows)
        done = sum(1 for _, is_done in marks if is_done)
        assert inprocess.BATCH_TABLES <= done < count  # whole batches before the kill
        resumed = _pgshift(*args, "--resume")
        assert resumed.returncode == 0, resumed.stderr
    assert contents(target) == expected
