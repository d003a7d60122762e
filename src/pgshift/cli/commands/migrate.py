"""`pgshift migrate`: apply committed migrations that have not run yet."""

from __future__ import annotations

import click

from ...migrations.runner import plan_migrations
from .._options import (
    Invocation,
    common,
    confirm_write,
    json_option,
    migrated_line,
    pass_invocation,
    yes_option,
)


@click.command("migrate")
@click.option("--shadow", is_flag=True, help="Migrate the shadow database instead.")
@click.option(
    "--force-actions", is_flag=True, help="Run the before/after hooks even with nothing to apply."
)
@click.option(
    "--wait-lock",
    type=float,
    default=0,
    metavar="SECONDS",
    help="Wait this long for another pgshift process to finish (default: fail at once).",
)
@click.option("--dry-run", is_flag=True, help="Print what would run; change nothing.")
@yes_option
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    shadow: bool,
    force_actions: bool,
    wait_lock: float,
    dry_run: bool,
    yes: bool,
    as_json: bool,
) -> int:
    """Apply every committed migration the database has not run, in order.

    Each migration runs in its own transaction together with its history row, so a failure
    leaves the database as it was before that migration.
    """
    out, config = invocation.out, invocation.config
    with plan_migrations(config, invocation.target, shadow=shadow, wait_lock=wait_lock) as plan:
        if dry_run:
            result = plan.preview()
        else:
            if config.confirm and not yes:
                if not plan.pending:
                    out.info("nothing to migrate")
                    return 0
                confirm_write(
                    invocation, plan="Would apply: " + ", ".join(plan.pending_names), yes=yes
                )
            result = plan.apply(
                force_actions=force_actions,
                on_applied=None if as_json else lambda name: out.line(f"applied {name}"),
            )
    if as_json:
        out.json(
            {
                "database": result.database,
                "shadow": result.shadow,
                "applied": result.applied,
                "pending": result.pending,
                "dry_run": result.dry_run,
                "library_changed": result.library_changed,
            }
        )
    elif dry_run:
        for name in result.pending:
            out.line(f"would apply {name}")
        out.line(f"{len(result.pending)} migration(s) pending on {result.database}")
    else:
        out.line(migrated_line(result.database, result.applied))
    return 0
