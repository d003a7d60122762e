"""`pgshift migrate`: apply committed migrations that have not run yet."""

from __future__ import annotations

import click

from ...migrations.runner import migrate
from .._options import common, confirm_write, json_option, load, yes_option
from ..output import Output


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
@click.pass_obj
def command(
    out: Output,
    shadow: bool,
    force_actions: bool,
    wait_lock: float,
    dry_run: bool,
    yes: bool,
    as_json: bool,
    env_name: str | None,
    debug: bool,
) -> int:
    """Apply every committed migration the database has not run, in order.

    Each migration runs in its own transaction together with its history row, so a failure
    leaves the database as it was before that migration.
    """
    config = load(env_name)
    if config.confirm and not dry_run and not yes:
        plan = migrate(config, shadow=shadow, dry_run=True)
        if not plan.pending:
            out.info("nothing to migrate")
            return 0
        confirm_write(config, out, plan="Would apply: " + ", ".join(plan.pending), yes=yes)
    result = migrate(
        config,
        shadow=shadow,
        force_actions=force_actions,
        wait_lock=wait_lock,
        dry_run=dry_run,
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
        out.line(
            f"{result.database}: "
            + (
                f"{len(result.applied)} migration(s) applied"
                if result.applied
                else "already up to date"
            )
        )
    return 0
