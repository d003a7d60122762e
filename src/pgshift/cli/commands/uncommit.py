"""`pgshift uncommit`: move the last committed migration back into current.sql."""

from __future__ import annotations

import click

from ...migrations.authoring import uncommit
from .._options import Invocation, common, confirm_write, pass_invocation, set_option, yes_option


@click.command("uncommit")
@yes_option
@set_option
@common
@pass_invocation
def command(invocation: Invocation, yes: bool) -> int:
    """Move the last committed migration back into the (blank) current migration.

    Its history row is removed from the database and the shadow database is rebuilt.
    """
    out = invocation.out
    config = invocation.config
    confirm_write(
        invocation, plan="uncommit would remove the last migration's history row.", yes=yes
    )
    result = uncommit(config, invocation.target)
    out.line(f"uncommitted {result.path.name} into {result.current}")
    return 0
