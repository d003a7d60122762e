"""`pgshift status`: what is pending; the exit code is a bitmap."""

from __future__ import annotations

import click

from ...migrations.report import status
from .._options import Invocation, common, jobs_option, json_option, pass_invocation

_LISTED = 20


@click.command("status")
@click.option("--shadow", is_flag=True, help="Look at the shadow database instead.")
@json_option
@jobs_option
@common
@pass_invocation
def command(invocation: Invocation, shadow: bool, as_json: bool, jobs: int) -> int:
    """Show pending committed migrations and whether the current migration is blank.

    Exit code: 0 nothing to do; bit 1 set when committed migrations are pending; bit 2 set when
    the current migration is not blank (so 3 means both); bit 4 set when the schema file
    (schema_file) differs from what the database gives.
    """
    out = invocation.out
    if invocation.config.is_fleet:
        from .._fleet import fleet_command

        return fleet_command(invocation, "status", jobs=jobs)
    result = status(invocation.config, invocation.target, shadow=shadow)
    if as_json:
        out.json(result.to_json())
        return result.code
    where = f"{result.database}" + (
        f" (environment {result.environment})" if result.environment else ""
    )
    out.line(f"database: {where}")
    out.line(
        f"applied: {result.applied}"
        + (f", last {result.last_applied}" if result.last_applied else "")
    )
    if result.pending:
        out.line(f"pending: {len(result.pending)}")
        # A long backlog (a new environment) would bury the rest of the report.
        shown = result.pending if len(result.pending) <= _LISTED else result.pending[: _LISTED - 1]
        for name in shown:
            out.line(f"  {name}")
        if len(shown) < len(result.pending):
            out.line(
                f"  ... {len(result.pending) - len(shown)} more, up to "
                f"{result.pending[-1]} (--json lists every one)"
            )
    else:
        out.line("pending: none")
    if result.sets:
        out.line(
            "sets: "
            + ", ".join(
                f"{s.name} ({s.applied} applied, {len(s.pending)} pending)" for s in result.sets
            )
        )
    state = "blank" if result.current_blank else "has changes"
    out.line(f"current: {state} ({result.current_path.name})")
    if result.schema_file_stale is not None:
        fresh = "stale" if result.schema_file_stale else "up to date"
        out.line(f"schema file: {invocation.config.schema_file} is {fresh}")
    return result.code
