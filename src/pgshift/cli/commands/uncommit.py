"""`pgshift uncommit`: move the last committed migration back into current.sql."""

from __future__ import annotations

import click

from ...migrations.authoring import uncommit
from .._options import common, confirm_write, load, yes_option
from ..output import Output


@click.command("uncommit")
@yes_option
@common
@click.pass_obj
def command(out: Output, yes: bool, env_name: str | None, debug: bool) -> int:
    """Move the last committed migration back into the (blank) current migration.

    Its history row is removed from the database and the shadow database is rebuilt.
    """
    config = load(env_name)
    confirm_write(
        config, out, plan="uncommit would remove the last migration's history row.", yes=yes
    )
    result = uncommit(config)
    out.line(f"uncommitted {result.path.name} into {result.current}")
    return 0
