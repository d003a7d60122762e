"""Run many small child-process jobs, at most N at a time, from one thread.

No threads anywhere: children are started with a pre-exec hook (see `_tools`), which is only
safe in a single-threaded process. A job starts one or more processes and is told when each one
exits; the loop polls, which costs nothing next to the work the children do.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterable
from typing import Protocol

_POLL_SECONDS = 0.01


class Job(Protocol):
    """One unit of work made of child processes."""

    label: str

    def start(self) -> list[subprocess.Popen[bytes]]:
        """Start the processes; return them."""

    def exiting(self, proc: subprocess.Popen[bytes]) -> None:
        """One of this job's processes ended and is not reaped yet: its /proc entry (what it
        read and wrote) can still be read."""

    def exited(self, proc: subprocess.Popen[bytes]) -> None:
        """One of this job's processes ended (its return code is set)."""

    def finish(self) -> str | None:
        """All processes ended: None on success, else an error message."""

    def abort(self) -> None:
        """Another job failed: stop whatever is still running."""


def run_jobs(
    jobs: Iterable[Job],
    *,
    limit: int,
    on_start: Callable[[Job], None] | None = None,
    on_done: Callable[[Job], None] | None = None,
    is_ready: Callable[[Job], bool] | None = None,
    on_tick: Callable[[], None] | None = None,
) -> list[tuple[Job, str]]:
    """Run `jobs` `limit` at a time, each as soon as it `is_ready` (default: always), in the
    given order among the ready ones; return the failures.

    `is_ready` is asked again after every job ends (an index waits for its table's rows).
    After the first failure no new job starts and the running ones are aborted.
    """
    pending = list(jobs)
    running: dict[int, tuple[Job, list[subprocess.Popen[bytes]]]] = {}
    failures: list[tuple[Job, str]] = []
    while pending or running:
        while len(running) < max(1, limit) and not failures:
            ready = next((j for j in pending if is_ready is None or is_ready(j)), None)
            if ready is None:
                if not running and pending:
                    raise RuntimeError(f"no job can start: {[j.label for j in pending]}")
                break
            pending.remove(ready)
            job = ready
            if on_start:
                on_start(job)
            running[id(job)] = (job, job.start())
        if failures and not running:
            break
        time.sleep(_POLL_SECONDS)
        for key, (job, procs) in list(running.items()):
            for proc in list(procs):
                if _has_exited(proc):
                    job.exiting(proc)
                    proc.poll()  # reaps it, sets its return code
                    procs.remove(proc)
                    job.exited(proc)
            if procs:
                continue
            del running[key]
            error = job.finish()
            if error is not None:
                failures.append((job, error))
                for other, _ in running.values():
                    other.abort()
            elif on_done:
                on_done(job)
        if failures:
            pending.clear()
        if on_tick:
            on_tick()
    return failures


def _has_exited(proc: subprocess.Popen[bytes]) -> bool:
    """Whether `proc` ended, without reaping it (`poll()` would, and its /proc entry with it)."""
    if proc.returncode is not None:
        return True
    try:
        flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
        return os.waitid(os.P_PID, proc.pid, flags) is not None
    except ChildProcessError:  # reaped already: poll() sets its return code
        return True
