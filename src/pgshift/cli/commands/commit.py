"""`pgshift commit`: turn the current migration into the next committed file."""

from __future__ import annotations

import click

from ...migrate.authoring import commit
from .._options import common, json_option, load
from ..output import Output


@click.command("commit")
@click.option("-m", "--message", help="Commit message (also becomes the file-name slug).")
@json_option
@common
@click.pass_obj
def command(
    out: Output, message: str | None, as_json: bool, env_name: str | None, debug: bool
) -> int:
    """Commit current.sql as migrations/committed/NNNNNN[-message].sql.

    The shadow database is reset and migrated with the new file before the main database;
    if either fails, the new file is removed and current.sql is left untouched.
    """
    if message is not None and not message.strip():
        raise click.UsageError("the message given with -m is empty")
    result = commit(load(env_name), message=message)
    if as_json:
        out.json({"file": str(result.path), "hash": result.hash})
    else:
        out.line(f"committed {result.path.name} ({result.hash})")
    return 0
