"""Watch mode: migrate, then re-run the current migration whenever it is saved."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..errors import PgshiftError
from ..targets import Target
from .repeatable import FOLDER
from .runner import CurrentResult, MigrateResult, Session, migrate, open_session, run_current


@dataclass(frozen=True)
class WatchEvent:
    """One pass: a run of the current migration, or the error it raised."""

    result: CurrentResult | None
    error: PgshiftError | None


def watch(
    config: Config,
    target: Target,
    *,
    shadow: bool = False,
    once: bool = False,
    on_migrate: Callable[[MigrateResult], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> Iterator[WatchEvent]:
    """Migrate, run the current migration, then run it again after every save.

    Yields one event per run; errors are yielded rather than raised so that watching goes on
    (with `once`, the error is raised). One connection is kept open between saves: a save
    costs one round of file reading and one transaction.
    """
    result = migrate(config, target, shadow=shadow)
    url = target.url(shadow=shadow)
    if on_migrate:
        on_migrate(result)
    with ExitStack() as stack:
        session = stack.enter_context(
            open_session(config, url, shadow=shadow, root_url=target.root)
        )
        if once:
            yield WatchEvent(run_current(config, session), None)
            return
        yield _attempt(config, session)
        for changes in _changes_of(config, stop):
            if session.conn.closed or session.conn.broken:
                session = stack.enter_context(
                    open_session(config, url, shadow=shadow, root_url=target.root)
                )
            if any(f"/{FOLDER}/" in str(path) for _, path in changes):
                # A repeatable file was saved: run what changed (as migrate would), then
                # the current migration, which may use it.
                try:
                    changed = migrate(config, target, shadow=shadow)
                except PgshiftError as exc:
                    yield WatchEvent(None, exc)
                    continue
                if on_migrate:
                    on_migrate(changed)
            yield _attempt(config, session)


def _attempt(config: Config, session: Session) -> WatchEvent:
    try:
        return WatchEvent(run_current(config, session), None)
    except PgshiftError as exc:
        return WatchEvent(None, exc)


def _changes_of(config: Config, stop: Callable[[], bool] | None) -> Iterator[set[tuple[Any, str]]]:
    import threading

    from watchfiles import watch as watch_files

    folder = config.migrations_dir
    stop_event = threading.Event()

    def relevant(_change: object, path: str) -> bool:
        name = path.removeprefix(str(folder) + "/")
        return name == "current.sql" or name.startswith(("current/", "fixtures/", f"{FOLDER}/"))

    # A short debounce: editors write a file in one go, and the watch latency target is tight.
    for changes in watch_files(
        folder,
        watch_filter=relevant,
        debounce=60,
        step=10,
        stop_event=stop_event,
        rust_timeout=100,
        yield_on_timeout=stop is not None,
    ):
        if stop is not None and stop():
            return
        if changes:
            yield changes
