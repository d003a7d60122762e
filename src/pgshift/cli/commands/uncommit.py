"""`pgshift uncommit`: move the last committed migration back into current.sql."""

from __future__ import annotations

import click

from ...migrate.authoring import uncommit
from .._options import common, load
from ..output import Output


@click.command("uncommit")
@common
@click.pass_obj
def command(out: Output, env_name: str | None, debug: bool) -> int:
    """Move the last committed migration back into the (blank) current migration.

    Its history row is removed from the database and the shadow database is rebuilt.
    """
    result = uncommit(load(env_name))
    out.line(f"uncommitted {result.path.name} into {result.current}")
    return 0
