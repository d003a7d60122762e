"""`pgshift migrate`: apply committed migrations that have not run yet."""

from __future__ import annotations

import click

from ...migrations.runner import MigrateResult, plan_migrations
from .._options import (
    Invocation,
    common,
    confirm_write,
    jobs_option,
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
@click.option(
    "--fail-fast", is_flag=True, help="In a fleet environment: start no database after a failure."
)
@jobs_option
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
    fail_fast: bool,
    jobs: int,
    yes: bool,
    as_json: bool,
) -> int:
    """Apply every committed migration the database has not run, in order.

    Each migration runs in its own transaction together with its history row, so a failure
    leaves the database as it was before that migration.

    In a fleet environment (database_urls, database_urls_query: docs/fleets.md) every database
    is migrated, --jobs at a time, each under its own lock; one that fails is left as its
    failing migration found it and the others go on (unless --fail-fast). Exit code 65 when any
    failed.
    """
    out, config = invocation.out, invocation.config
    if config.is_fleet:
        from .._fleet import fleet_command

        return fleet_command(
            invocation,
            "migrate",
            jobs=jobs,
            fail_fast=fail_fast,
            wait_lock=wait_lock,
            dry_run=dry_run,
            yes=yes,
        )
    target = invocation.target
    with plan_migrations(
        config, target, shadow=shadow, wait_lock=wait_lock, lock=not dry_run
    ) as plan:
        # On a confirm = true environment, nothing to apply (and no hooks forced) writes
        # nothing, not even a library upgrade, so it needs no yes: the plan is the result.
        idle = not plan.pending_names and not force_actions
        if dry_run:
            result = plan.preview()
        elif config.confirm and not yes and idle:
            result = MigrateResult(plan.database, shadow)
        else:
            what = ", ".join(plan.pending_names) or "the before/after migration hooks"
            confirm_write(invocation, plan=f"Would apply: {what}", yes=yes)
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
