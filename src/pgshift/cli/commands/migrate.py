"""`pgshift migrate`: apply committed migrations that have not run yet."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    report_schema_file,
    schema_file_json,
    yes_option,
)

if TYPE_CHECKING:
    from ...config import Config
    from ...migrations.lockwait import LockRetry


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
    "--lock-timeout",
    metavar="DURATION",
    help="Give up a lock wait after this long (2s, 500ms, 1min), roll the migration back and "
    "retry it (default: lock_timeout of the configuration, else wait as long as it takes).",
)
@click.option(
    "--lock-retries",
    type=click.IntRange(0, 100),
    metavar="N",
    help="With a lock timeout: how often to retry a migration (default: lock_retries, 3).",
)
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
    lock_timeout: str | None,
    lock_retries: int | None,
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
    out = invocation.out
    config = with_lock_options(invocation, lock_timeout, lock_retries)
    if config.is_fleet:
        from .._fleet import fleet_command

        if shadow or force_actions:
            raise click.UsageError(
                "--shadow and --force-actions do not apply to a fleet environment (a fleet has "
                "no shadow databases, and runs no hooks with nothing to apply)"
            )

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
                on_lock_retry=lambda retry: out.info(f"pgshift: {describe_retry(retry)}"),
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
                "schema_file": schema_file_json(result.schema_file),
            }
        )
    elif dry_run:
        for name in result.pending:
            out.line(f"would apply {name}")
        out.line(f"{len(result.pending)} migration(s) pending on {result.database}")
    else:
        out.line(migrated_line(result.database, result.applied))
    report_schema_file(out, result.schema_file, as_json=as_json)
    return 0


def with_lock_options(
    invocation: Invocation, lock_timeout: str | None, lock_retries: int | None
) -> Config:
    """The configuration with --lock-timeout and --lock-retries in place of its own."""
    from dataclasses import replace

    from ...config import parse_duration_ms

    config = invocation.config
    timeout, retries = config.lock_timeout_ms, config.lock_retries
    if lock_timeout is not None:
        try:
            timeout = parse_duration_ms(lock_timeout) or None
        except ValueError:
            raise click.BadParameter(
                f"{lock_timeout!r} is not a duration (2s, 500ms, 1min)", param_hint="--lock-timeout"
            ) from None
    if lock_retries is not None:
        retries = lock_retries
    if (timeout, retries) != (config.lock_timeout_ms, config.lock_retries):
        config = replace(config, lock_timeout_ms=timeout, lock_retries=retries)
        invocation._config = config  # what a fleet reads
    return config


def describe_retry(retry: LockRetry) -> str:
    """`000002.sql: AccessExclusiveLock on public.orders was not granted in time (held by
    pid 4242 (...)); retry 1 of 3 in 0.7 s`."""
    if retry.wait is None:
        what = "a lock was not granted in time"
    else:
        held = f" (held by {retry.wait.holders()})" if retry.wait.blockers else ""
        what = f"{retry.wait.describe()} was not granted in time{held}"
    return f"{retry.file}: {what}; retry {retry.retry} of {retry.retries} in {retry.pause:.1f} s"
