"""`pgshift watch`: migrate, then run current.sql on every save."""

from __future__ import annotations

import click

from ...migrations.watch import watch
from .. import exit_codes
from .._options import (
    Invocation,
    common,
    confirm_write,
    migrated_line,
    pass_invocation,
    set_option,
    yes_option,
)


@click.command("watch")
@click.option("--once", is_flag=True, help="Run the current migration once and exit.")
@click.option("--shadow", is_flag=True, help="Work on the shadow database.")
@yes_option
@set_option
@common
@pass_invocation
def command(invocation: Invocation, once: bool, shadow: bool, yes: bool) -> int:
    """Apply committed migrations, then run the current migration whenever it changes.

    Watches the migrations folder's current.sql (or current/ folder) and fixtures/: a save of
    any of them runs the current migration again, when it changed other than in comments.
    The current migration runs in one transaction: when it fails, the error (file, line,
    PostgreSQL's message) is printed and the database stays as it was; fix and save again.
    Stop with Ctrl-C (exit code 130).
    """
    out = invocation.out
    config = invocation.config
    confirm_write(
        invocation, plan="watch would migrate and run current.sql on every save.", yes=yes
    )
    failed = watching = False
    try:
        for event in watch(
            config,
            invocation.target,
            shadow=shadow,
            once=once,
            on_migrate=lambda r: out.info(migrated_line(r.database, r.applied)),
        ):
            if not once and not watching:
                watching = True
                folder = config.migrations_dir
                out.info(
                    f"watching {folder / 'current.sql'} (or current/) and {folder / 'fixtures'}/"
                    " for changes; Ctrl-C to stop"
                )
            if event.error is not None:
                out.error(str(event.error))
                failed = True
            elif event.result is not None:
                r = event.result
                state = "blank" if r.blank else ("applied" if r.ran else "unchanged, skipped")
                out.info(f"{r.path.name}: {state} ({r.milliseconds:.0f} ms)")
                failed = False
    except KeyboardInterrupt:
        return exit_codes.INTERRUPTED
    return exit_codes.FAILURE if failed and once else exit_codes.OK
