"""`pgshift compile`: print SQL with placeholders replaced."""

from __future__ import annotations

from pathlib import Path

import click

from ...migrations.sqlfile import compile_file
from ...targets import database_identity
from .._options import Invocation, common, pass_invocation


@click.command("compile")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--shadow", is_flag=True, help="Use the shadow database's name for :DATABASE_NAME.")
@common
@pass_invocation
def command(invocation: Invocation, file: Path | None, shadow: bool) -> int:
    """Print FILE (default: the current migration) with placeholders replaced."""
    config = invocation.config
    name, owner = database_identity(config, shadow=shadow)
    invocation.out.out.write(compile_file(config, file, database_name=name, database_owner=owner))
    return 0
