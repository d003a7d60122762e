"""Showing a fleet run: a live table on a terminal, a line per database in a pipe, a summary,
each failure with its error, or one JSON document."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..fleet import DatabaseReport, FleetResult, State
from .output import Output

_DONE = {
    State.UP_TO_DATE,
    State.MIGRATED,
    State.PENDING,
    State.OK,
    State.PROBLEMS,
    State.FAILED,
    State.SKIPPED,
    State.INTERRUPTED,
}


@contextmanager
def fleet_display(
    out: Output, reports_total: int, *, as_json: bool
) -> Iterator[Callable[[DatabaseReport], None]]:
    """A callback for `on_change` that shows progress the way this output can."""
    if as_json:
        yield lambda _report: None
    elif out.is_terminal:
        with _live_table(out, reports_total) as draw:
            yield draw
    else:

        def line(report: DatabaseReport) -> None:
            if report.state in _DONE:
                out.info(f"{report.label}: {_state_text(report)} ({report.seconds:.1f} s)")

        yield line


@contextmanager
def _live_table(out: Output, total: int) -> Iterator[Callable[[DatabaseReport], None]]:
    from rich.console import Console
    from rich.live import Live

    seen: dict[str, DatabaseReport] = {}
    drawn = 0.0
    with Live(console=Console(file=out.err), auto_refresh=False, transient=False) as live:

        def draw(report: DatabaseReport) -> None:
            nonlocal drawn
            seen[report.url] = report
            now = time.monotonic()
            if now - drawn >= 0.1 or sum(r.state in _DONE for r in seen.values()) == total:
                drawn = now
                live.update(_table(list(seen.values())), refresh=True)

        yield draw
        live.update(_table(list(seen.values())), refresh=True)


def _table(reports: list[DatabaseReport]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table("database", "applied", "state", "seconds", box=None, pad_edge=False)
    for r in reports:
        table.add_row(Text(r.label), str(len(r.applied)), Text(_state_text(r)), f"{r.seconds:.1f}")
    return table


def _state_text(report: DatabaseReport) -> str:
    if report.state is State.MIGRATED:
        return f"migrated ({len(report.applied)})"
    if report.state is State.PENDING:
        return f"pending ({len(report.pending)})"
    if report.state is State.INTERRUPTED:
        return f"interrupted ({len(report.applied)} applied, {len(report.pending)} not)"
    return str(report.state.value)


def print_summary(out: Output, result: FleetResult, *, as_json: bool, verb: str) -> None:
    """The closing summary (stdout), then each failure with its whole error."""
    if as_json:
        out.json(
            {
                "databases": [r.to_json() for r in result.reports],
                "failed": len(result.failed),
                "seconds": round(result.seconds, 3),
            }
        )
        return
    counts = [
        f"{n} {state.value}"
        for state in (State.UP_TO_DATE, State.MIGRATED, State.PENDING, State.OK, State.PROBLEMS)
        if (n := result.count(state))
    ]
    counts += [f"{len(result.failed)} failed"] if result.failed else []
    for state in (State.INTERRUPTED, State.SKIPPED):
        counts += [f"{n} {state.value}"] if (n := result.count(state)) else []
    out.line(
        f"{verb} {len(result.reports)} database(s) in {result.seconds:.1f} s: "
        + (", ".join(counts) or "nothing to do")
    )
    for report in result.reports:
        if report.state in (State.FAILED, State.PROBLEMS):
            out.line(f"{report.state.value}: {report.label}: {report.error}")


def fleet_command(
    invocation: Any,
    verb: str,
    *,
    jobs: int,
    fail_fast: bool = False,
    wait_lock: float = 0,
    dry_run: bool = False,
    yes: bool = False,
) -> int:
    """`migrate`, `status` or `verify` (`verb`) on every database of a fleet environment."""
    from ..db import describe_server
    from ..fleet import migrate_fleet, status_fleet, verify_fleet
    from ..targets import resolve_fleet
    from . import exit_codes
    from ._options import confirm_write

    out, config = invocation.out, invocation.config
    targets = resolve_fleet(config)
    if not targets:
        out.info(f"environment {config.environment!r} lists no databases")
    as_json = invocation.as_json
    if verb == "migrate" and not dry_run and config.confirm and not yes:
        hosts = sorted({describe_server(t.main) for t in targets})
        confirm_write(
            invocation,
            plan=f"Would migrate {len(targets)} database(s) on {', '.join(hosts)}.",
            yes=yes,
            where=f"{len(targets)} databases",
        )
    with fleet_display(out, len(targets), as_json=as_json) as on_change:
        if verb == "migrate":
            result = migrate_fleet(
                config,
                targets,
                jobs=jobs,
                fail_fast=fail_fast,
                wait_lock=wait_lock,
                dry_run=dry_run,
                on_change=on_change,
            )
        elif verb == "status":
            result = status_fleet(config, targets, jobs=jobs, on_change=on_change)
        else:
            result = verify_fleet(config, targets, jobs=jobs, on_change=on_change)
    print_summary(out, result, as_json=as_json, verb=verb)
    if result.interrupted:
        running = (
            ", and each running one stopped after the migration it was applying; run the "
            "command again to go on"
            if verb == "migrate"
            else ""
        )
        out.info(f"interrupted (Ctrl-C): no database was started after it{running}")
        return exit_codes.INTERRUPTED
    if result.failed:
        return exit_codes.FAILURE
    if result.count(State.PROBLEMS) or (verb == "status" and result.count(State.PENDING)):
        return exit_codes.FINDINGS
    return exit_codes.OK
