"""Many databases, one command: the same engine run over a list of targets, N at a time.

A fleet environment names its databases (`database_urls`, `database_urls_query`); the edge
resolves them into targets (`targets.resolve_fleet`) and hands them here. Each database is
migrated (or reported on) by the same functions a single database uses, under its own advisory
lock and on its own connection, so a failure stays in that database: its failing migration
rolled back, the others go on (unless `fail_fast`). Ctrl-C starts no further database and
stops each running one after the migration it is applying (never inside one).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum

import psycopg

from .config import Config
from .db import describe_dsn, redact_dsn
from .errors import PgshiftError
from .targets import Target

DEFAULT_JOBS = 4  # connections at a time: enough to overlap round trips, light on one server


class State(str, Enum):
    """Where one database of the fleet stands."""

    WAITING = "waiting"
    RUNNING = "running"
    UP_TO_DATE = "up to date"
    MIGRATED = "migrated"
    PENDING = "pending"  # status and dry runs: migrations not applied yet
    OK = "ok"  # verify: files and history agree
    PROBLEMS = "problems"  # verify: they do not (a finding, like verify's exit 1)
    FAILED = "failed"
    SKIPPED = "skipped"  # not started: another database failed (fail_fast), or Ctrl-C
    INTERRUPTED = "interrupted"  # Ctrl-C while it ran: stopped between two migrations


@dataclass
class DatabaseReport:
    """One database's outcome. `url` is redacted; `error` carries file:line when known."""

    url: str
    label: str
    state: State = State.WAITING
    applied: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "url": self.url,
            "database": self.label,
            "state": self.state.value,
            "applied": self.applied,
            "pending": self.pending,
            "error": self.error,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class FleetResult:
    reports: list[DatabaseReport]
    seconds: float
    interrupted: bool = False  # Ctrl-C: databases not yet started were skipped

    @property
    def failed(self) -> list[DatabaseReport]:
        return [r for r in self.reports if r.state is State.FAILED]

    def count(self, state: State) -> int:
        return sum(1 for r in self.reports if r.state is state)


class _Stopped(Exception):
    """Raised inside one database's work when Ctrl-C asked the fleet to stop."""


Work = Callable[[Target, DatabaseReport, threading.Event], None]


def migrate_fleet(
    config: Config,
    targets: Sequence[Target],
    *,
    jobs: int = DEFAULT_JOBS,
    fail_fast: bool = False,
    wait_lock: float = 0,
    dry_run: bool = False,
    on_change: Callable[[DatabaseReport], None] | None = None,
) -> FleetResult:
    """Apply pending migrations on every target, `jobs` databases at a time."""
    from .migrations.runner import plan_migrations

    def work(target: Target, report: DatabaseReport, interrupted: threading.Event) -> None:
        # A dry run is a lock-free preview, as for one database: a migrate under way elsewhere
        # neither blocks it nor fails it.
        with plan_migrations(config, target, wait_lock=wait_lock, lock=not dry_run) as plan:
            report.pending = plan.pending_names
            if dry_run:
                report.state = State.PENDING if plan.pending_names else State.UP_TO_DATE
                return

            def applied(name: str) -> None:
                report.applied.append(name)
                report.pending.remove(name)
                if interrupted.is_set() and report.pending:
                    raise _Stopped  # between two files: each one is whole

            if interrupted.is_set() and report.pending:
                raise _Stopped
            result = plan.apply(on_applied=applied)
        report.state = State.MIGRATED if result.applied else State.UP_TO_DATE

    return _run(targets, work, jobs=jobs, fail_fast=fail_fast, on_change=on_change)


def status_fleet(
    config: Config,
    targets: Sequence[Target],
    *,
    jobs: int = DEFAULT_JOBS,
    on_change: Callable[[DatabaseReport], None] | None = None,
) -> FleetResult:
    """What `migrate` would apply on every target; writes nothing."""
    from .migrations.report import status

    def work(target: Target, report: DatabaseReport, _interrupted: threading.Event) -> None:
        result = status(config, target)
        report.pending = result.pending
        report.state = State.PENDING if result.pending else State.UP_TO_DATE

    return _run(targets, work, jobs=jobs, fail_fast=False, on_change=on_change)


def verify_fleet(
    config: Config,
    targets: Sequence[Target],
    *,
    jobs: int = DEFAULT_JOBS,
    on_change: Callable[[DatabaseReport], None] | None = None,
) -> FleetResult:
    """`verify` on every target: a database whose history disagrees with the files fails."""
    from .migrations.report import verify

    def work(target: Target, report: DatabaseReport, _interrupted: threading.Event) -> None:
        result = verify(config, target)
        if not result.ok:
            report.error = "; ".join(p.message for p in result.problems)
            report.state = State.PROBLEMS
        else:
            report.state = State.OK

    return _run(targets, work, jobs=jobs, fail_fast=False, on_change=on_change)


def _run(
    targets: Sequence[Target],
    work: Work,
    *,
    jobs: int,
    fail_fast: bool,
    on_change: Callable[[DatabaseReport], None] | None,
) -> FleetResult:
    started = time.perf_counter()
    reports = [DatabaseReport(redact_dsn(t.main), describe_dsn(t.main)) for t in targets]
    stop = threading.Event()  # start no further database
    interrupted = threading.Event()  # Ctrl-C: also stop the running ones between migrations
    notify = on_change or (lambda _report: None)
    lock = threading.Lock()  # on_change runs one call at a time (it usually draws)

    def changed(report: DatabaseReport) -> None:
        with lock:
            notify(report)

    def one(index: int) -> None:
        report = reports[index]
        if stop.is_set():
            report.state = State.SKIPPED
            changed(report)
            return
        report.state = State.RUNNING
        changed(report)
        begun = time.perf_counter()
        try:
            work(targets[index], report, interrupted)
        except _Stopped:
            report.state = State.INTERRUPTED
        except (PgshiftError, psycopg.Error) as exc:
            # One database's failure is that database's outcome: the others go on.
            report.error = redact_dsn(_one_message(exc))
            report.state = State.FAILED
            if fail_fast:
                stop.set()
        finally:
            report.seconds = time.perf_counter() - begun
        changed(report)

    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="pgshift-fleet") as pool:
        futures = [pool.submit(one, i) for i in range(len(targets))]
        try:
            for future in futures:
                future.result()  # a bug (not a PgshiftError) surfaces here, not silently
        except KeyboardInterrupt:
            # Only this thread sees Ctrl-C; without telling the workers, every database still
            # queued would be migrated before the process could end.
            stop.set()
            interrupted.set()
            for future in futures:
                future.result()  # the queued ones skip at once; the running ones stop soon
            return FleetResult(reports, time.perf_counter() - started, interrupted=True)
    return FleetResult(reports, time.perf_counter() - started)


def _one_message(exc: Exception) -> str:
    if isinstance(exc, psycopg.Error) and not isinstance(exc, PgshiftError):
        code = f" [{exc.sqlstate}]" if exc.sqlstate else ""
        first = str(exc).strip().splitlines()
        return (first[0] if first else repr(exc)) + code
    return str(exc)
