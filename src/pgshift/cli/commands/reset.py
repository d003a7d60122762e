"""`pgshift reset --erase`: drop and re-create the database, then migrate."""

from __future__ import annotations

import click

from ...migrations.runner import reset
from .._options import Invocation, common, confirm_write, json_option, pass_invocation, yes_option


@click.command("reset")
@click.option("--erase", is_flag=True, help="Required: confirms that every row will be lost.")
@click.option("--shadow", is_flag=True, help="Reset the shadow database instead.")
@click.option("--force", is_flag=True, help="End other sessions connected to the database first.")
@yes_option
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    erase: bool,
    shadow: bool,
    force: bool,
    yes: bool,
    as_json: bool,
) -> int:
    """Drop the database, re-create it and apply every committed migration."""
    out = invocation.out
    if not erase:
        raise click.UsageError("reset drops the database and all its data; pass --erase to confirm")
    config = invocation.config
    confirm_write(invocation, plan="reset would DROP the database and re-create it.", yes=yes)
    result = reset(config, invocation.target, shadow=shadow, force=force)
    if as_json:
        out.json(
            {
                "database": result.database,
                "shadow": shadow,
                "ended_sessions": result.ended_sessions,
                "applied": result.migrate.applied,
            }
        )
    else:
        if result.ended_sessions:
            out.info(f"ended {result.ended_sessions} other session(s)")
        out.line(
            f"re-created {result.database}; {len(result.migrate.applied)} migration(s) applied"
        )
    return 0
