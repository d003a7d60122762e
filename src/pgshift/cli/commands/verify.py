"""`pgshift verify`: re-hash every committed file and compare with the database."""

from __future__ import annotations

import click

from ...migrations.report import verify
from .._options import Invocation, common, jobs_option, json_option, pass_invocation


@click.command("verify")
@json_option
@jobs_option
@common
@pass_invocation
def command(invocation: Invocation, as_json: bool, jobs: int) -> int:
    """Check every committed file's hash (applied or not), the chain, and the database's history.

    Exit code 1 when any file was edited, the database is ahead of the files, or the chains
    diverged.
    """
    out = invocation.out
    if invocation.config.is_fleet:
        from .._fleet import fleet_command

        return fleet_command(invocation, "verify", jobs=jobs)
    result = verify(invocation.config, invocation.target)
    if as_json:
        out.json(
            {
                "checked": result.checked,
                "applied": result.applied,
                "ok": result.ok,
                "problems": [p.__dict__ for p in result.problems],
            }
        )
    else:
        for problem in result.problems:
            out.line(f"{problem.kind}: {problem.message}")
        out.line(
            f"{result.checked} file(s) checked, {result.applied} applied: "
            + ("ok" if result.ok else f"{len(result.problems)} problem(s)")
        )
    return 0 if result.ok else 1
