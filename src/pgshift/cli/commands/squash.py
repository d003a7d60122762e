"""`pgshift squash --through N`: committed migrations 1..N become one file."""

from __future__ import annotations

import click

from ...migrations.authoring import squash
from .._options import Invocation, common, json_option, pass_invocation, set_option


@click.command("squash")
@click.option(
    "--through",
    type=int,
    required=True,
    metavar="N",
    help="The number of the last committed migration to squash (from the first).",
)
@set_option
@json_option
@common
@pass_invocation
def command(invocation: Invocation, through: int, as_json: bool) -> int:
    """Replace committed migrations 1..N with one file that builds new databases, while
    databases that applied them keep working (they see the squashed range as applied).

    The shadow database is rebuilt from the result; on any failure the files are put back.
    A database that stopped inside the range is refused by migrate (docs/repeatable.md).
    """
    result = squash(invocation.config, invocation.target, through=through)
    if as_json:
        invocation.out.json(
            {"file": str(result.path), "replaced": [str(p) for p in result.replaced]}
        )
    else:
        invocation.out.line(f"squashed {len(result.replaced)} migrations into {result.path.name}")
    return 0
