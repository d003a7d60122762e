"""`pgshift compile`: print SQL with placeholders replaced."""

from __future__ import annotations

from pathlib import Path

import click

from ...migrations.sqlfile import compile_file
from .._options import common, load
from ..output import Output


@click.command("compile")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--shadow", is_flag=True, help="Use the shadow database's name for :DATABASE_NAME.")
@common
@click.pass_obj
def command(out: Output, file: Path | None, shadow: bool, env_name: str | None, debug: bool) -> int:
    """Print FILE (default: the current migration) with placeholders replaced."""
    out.out.write(compile_file(load(env_name), file, shadow=shadow))
    return 0
