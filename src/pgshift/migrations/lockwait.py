"""Lock timeouts that retry: a migration that cannot get a lock within `lock_timeout` is
rolled back and tried again after a growing, jittered pause, then given up on, naming the
session in its way.

Why: a migration waiting for a lock queues every later query on that table behind it, so a
long-running transaction elsewhere turns a one-millisecond ALTER into an outage. With a lock
timeout, nobody waits behind the migration longer than that, and the migration tries again
when the way may be clear. See docs/safety.md ("Lock timeouts").

While an attempt runs, a watcher on a second connection looks every few milliseconds at what
the migration's backend waits for (`pg_locks`, `pg_blocking_pids`, `pg_stat_activity`): once
the timeout has fired the wait is over, and the server's error does not say what it was.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from ..config import Config
from ..db import connect
from ..errors import LockTimeoutError, PgshiftError
from ..queries import read_query

LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout fired (or NOWAIT found the lock taken)


@dataclass(frozen=True)
class LockPolicy:
    """How long a migration may wait for each lock, and how often it is tried again.

    The pause before retry `n` (1-based) is drawn between half and all of
    `first_pause * 2 ** (n - 1)` seconds, at most `max_pause`: growing, so that a busy table
    gets time to quieten, and jittered, so that several deploys do not retry in step.
    """

    timeout_ms: int
    retries: int = 3
    first_pause: float = 0.5
    max_pause: float = 30.0

    def pause(self, retry: int, rng: random.Random | None = None) -> float:
        ceiling = min(self.max_pause, self.first_pause * 2.0 ** (retry - 1))
        return ceiling / 2 + (rng or _RNG).uniform(0, ceiling / 2)


_RNG = random.Random()


def lock_policy(config: Config) -> LockPolicy | None:
    """The configuration's policy (None: no lock timeout, migrations wait as long as it takes)."""
    if config.lock_timeout_ms is None:
        return None
    return LockPolicy(config.lock_timeout_ms, config.lock_retries)


@dataclass(frozen=True)
class Blocker:
    """A session holding (or queued before the migration for) the lock it waited for."""

    pid: int
    user: str | None
    application_name: str | None
    state: str | None
    query_start: datetime | None
    query: str | None

    def describe(self) -> str:
        parts = [f"pid {self.pid}"]
        if self.user:
            parts.append(f"user {self.user}")
        parts.append(f"application_name {self.application_name or ''!r}")
        if self.state:
            parts.append(f"state {self.state!r}")
        if self.query_start is not None:
            started = self.query_start.isoformat(sep=" ", timespec="seconds")
            query = " ".join((self.query or "").split())
            parts.append(f"query started {started}" + (f": {query}" if query else ""))
        return f"{parts[0]} ({', '.join(parts[1:])})"


@dataclass(frozen=True)
class LockWait:
    """What the migration waited for: a lock on `relation` (or, without one, on a row's
    transaction or another object: `locktype`), and the sessions in its way."""

    locktype: str
    relation: str | None
    mode: str
    transaction: str | None
    blockers: tuple[Blocker, ...]

    def describe(self) -> str:
        if self.relation is not None:
            return f"{self.mode} on {self.relation}"
        if self.locktype == "transactionid":
            return f"a row held by transaction {self.transaction}"
        return f"{self.mode} on a {self.locktype} lock"

    def holders(self) -> str:
        return " and ".join(b.describe() for b in self.blockers)


@dataclass(frozen=True)
class LockRetry:
    """One retry, for progress output: the file, which retry of how many, the pause before
    it and what the failed attempt waited for (None: it let go before it was seen)."""

    file: str
    retry: int
    retries: int
    pause: float
    wait: LockWait | None


class LockNotGranted(Exception):
    """Private signal: an attempt hit its lock timeout and was rolled back (runner.py raises
    it, `apply_with_retries` catches it)."""

    def __init__(self, error: psycopg.Error) -> None:
        self.error = error


def apply_with_retries(
    policy: LockPolicy,
    *,
    conn: psycopg.Connection[Any],
    url: str,
    path: Path,
    attempt: Callable[[], None],
    no_transaction: bool = False,
    on_retry: Callable[[LockRetry], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Call `attempt` (one migration on `conn`, all or nothing) until it is not refused a lock,
    at most `policy.retries + 1` times; then raise `LockTimeoutError`, naming the lock and the
    session holding it. `url`: the migration's database, which the watcher connects to.

    A `--! no-transaction` migration cannot be rolled back: an index a cancelled CREATE (or
    REINDEX) ... CONCURRENTLY left invalid is dropped (DROP INDEX CONCURRENTLY, under the same
    timeout) before the next attempt; one that cannot be is named when giving up.
    """
    started = time.monotonic()
    before = _invalid_indexes(conn) if no_transaction else {}
    leftovers: list[str] = []
    interval = _interval(policy)
    with LockWatch(url, conn.info.backend_pid, interval=interval, delay=interval) as watch:
        for number in range(1, policy.retries + 2):
            watch.forget()
            try:
                if leftovers:
                    leftovers = _drop_leftovers(conn, policy.timeout_ms, before)
                if not leftovers:
                    attempt()
                    return
            except LockNotGranted:
                if no_transaction:
                    leftovers = _drop_leftovers(conn, policy.timeout_ms, before)
            wait = watch.seen()
            if number > policy.retries:
                elapsed = time.monotonic() - started
                raise _gave_up(policy, path, wait, number, elapsed, leftovers)
            pause = policy.pause(number)
            if on_retry is not None:
                on_retry(LockRetry(path.name, number, policy.retries, pause, wait))
            sleep(pause)


def _interval(policy: LockPolicy) -> float:
    """Often enough to see the wait at least a few times before the timeout fires."""
    return max(0.01, min(0.1, policy.timeout_ms / 1000 / 5))


def _gave_up(
    policy: LockPolicy,
    path: Path,
    wait: LockWait | None,
    attempts: int,
    elapsed: float,
    leftovers: list[str],
) -> LockTimeoutError:
    what = wait.describe() if wait else "a lock"
    holders = (
        f"held by {wait.holders()}"
        if wait and wait.blockers
        else "the session holding it let go before pgshift could see it"
    )
    left = (
        "; the invalid index it left could not be dropped either: once that session ends, run "
        + "; ".join(f"DROP INDEX CONCURRENTLY {name}" for name in leftovers)
        if leftovers
        else f"; nothing of {path.name} was applied"
    )
    message = (
        f"{what} was not granted within {policy.timeout_ms} ms, {attempts} times over "
        f"{elapsed:.1f} s; {holders}{left}: end that session or migrate again later [55P03]"
    )
    return LockTimeoutError(
        f"{path}: {message}",
        path=path,
        sqlstate=LOCK_NOT_AVAILABLE,
        detail=message,
        wait=wait,
        attempts=attempts,
    )


class LockWatch:
    """A watcher (run on a pooled thread) that, on its own connection, keeps the latest sight
    of what backend `pid` waits for and who is in its way.

    It connects only once the watched attempt has run for `delay` seconds: a migration that
    gets its locks at once (most do) costs a thread, not a connection.
    """

    def __init__(self, url: str, pid: int, *, interval: float, delay: float = 0.0) -> None:
        self.url = url
        self.pid = pid
        self.interval = interval
        self.delay = delay
        self._seen: LockWait | None = None
        self._stop = threading.Event()
        self._task: Future[None] | None = None
        self._conn: psycopg.Connection[Any] | None = None

    def __enter__(self) -> LockWatch:
        self._task = _watchers().submit(self._run)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.result()
        if self._conn is not None:
            self._conn.close()

    def forget(self) -> None:
        """Start a new attempt: what an earlier one waited for no longer counts."""
        self._seen = None

    def seen(self) -> LockWait | None:
        return self._seen

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return  # done before it was worth looking
        try:
            self._conn = connect(self.url)
            # The watcher must never be the one waiting: it reads shared memory only.
            self._conn.execute("select set_config('statement_timeout', '5s', false)")
            while not self._stop.is_set():
                wait = read_wait(self._conn, self.pid)
                if wait is not None:
                    self._seen = wait
                self._stop.wait(self.interval)
        except (psycopg.Error, PgshiftError):
            return  # a watcher that cannot look only costs the message its detail


_POOL: ThreadPoolExecutor | None = None


def _watchers() -> ThreadPoolExecutor:
    """The threads watchers run on, made once per process: starting a thread for each
    migration cost about a millisecond (its start is waited for), more than the migration."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=16, thread_name_prefix="pgshift-lock-watch")
    return _POOL


def read_wait(conn: psycopg.Connection[Any], pid: int) -> LockWait | None:
    """What backend `pid` waits for now (None: nothing)."""
    rows = conn.execute(read_query("migrations", "lock_wait"), {"pid": pid}).fetchall()
    if not rows:
        return None
    locktype, schema, name, mode, transaction = rows[0][:5]
    relation = None
    if name is not None:
        from ..sqltext import display_name

        relation = display_name(schema, name)
    blockers = tuple(
        Blocker(int(r[5]), r[6], r[7], r[8], r[9], r[10]) for r in rows if r[5] is not None
    )
    return LockWait(locktype, relation, mode, transaction, blockers)


# --- a migration outside a transaction ----------------------------------------------------------


@contextmanager
def session_lock_timeout(conn: psycopg.Connection[Any], timeout_ms: int | None) -> Iterator[None]:
    """For a `--! no-transaction` migration: `lock_timeout` set on the session for the block,
    and put back as it was after (`timeout_ms` None: nothing is set)."""
    if timeout_ms is None:
        yield
        return
    row = conn.execute(
        "select current_setting('lock_timeout'), set_config('lock_timeout', %s, false)",
        [f"{timeout_ms}ms"],
    ).fetchone()
    previous = row[0] if row else "0"
    try:
        yield
    finally:
        conn.execute("select set_config('lock_timeout', %s, false)", [previous])


def _invalid_indexes(conn: psycopg.Connection[Any]) -> dict[int, tuple[str, str]]:
    rows = conn.execute(read_query("migrations", "invalid_indexes")).fetchall()
    return {int(r[0]): (str(r[1]), str(r[2])) for r in rows}


def _drop_leftovers(
    conn: psycopg.Connection[Any], timeout_ms: int, before: dict[int, tuple[str, str]]
) -> list[str]:
    """Drop the invalid indexes that were not there `before`; return those that could not be
    dropped within the timeout (their names)."""
    from ..sqltext import display_name

    left = []
    with session_lock_timeout(conn, timeout_ms):
        for oid, (schema, name) in _invalid_indexes(conn).items():
            if oid in before:
                continue
            drop = sql.SQL("drop index concurrently if exists {}").format(
                sql.Identifier(schema, name)
            )
            try:
                conn.execute(drop)
            except psycopg.Error as exc:
                if exc.sqlstate != LOCK_NOT_AVAILABLE:
                    raise
                left.append(display_name(schema, name))
    return left


def lock_setting(conn: psycopg.Connection[Any], timeout_ms: int | None) -> str:
    """`set local lock_timeout = '...';`, to follow a migration's BEGIN ('' without one)."""
    if timeout_ms is None:
        return ""
    statement = sql.SQL("set local lock_timeout = {};").format(sql.Literal(f"{timeout_ms}ms"))
    return statement.as_string(conn)
