"""`pgshift library ...`: the bundled SQL helper library.

A click group: each subcommand is added with `@command.command(...)`, in this module or from
another one that imports `command`.
"""

from __future__ import annotations

import click

from .._options import Invocation, common, json_option, pass_invocation
from .compat import library_check_command


@click.group(name="library")
def command() -> None:
    """The bundled SQL helper library (pgshift_utils, pgshift_define)."""


@command.command("define-migration")
@click.option(
    "-m",
    "--multitenancy",
    is_flag=True,
    help="Include the multitenancy helpers (default: [library] multitenancy).",
)
@json_option
@common
@pass_invocation
def define_migration(invocation: Invocation, multitenancy: bool, as_json: bool) -> int:
    """Write the pgshift_define functions into migrations/current.sql (which must be blank)."""
    out = invocation.out
    from ...library.migration import write_define_migration

    config = invocation.config
    result = write_define_migration(
        config, multitenancy=multitenancy or config.library_multitenancy
    )
    if as_json:
        out.json(
            {"path": str(result.path), "multitenancy": result.multitenancy, "bytes": result.size}
        )
    else:
        what = "pgshift_define (with multitenancy)" if result.multitenancy else "pgshift_define"
        out.line(f"wrote {what} to {result.path}; review it, then `pgshift commit`")
    return 0


# `pgshift library check` is the compatibility checker run on the bundled library (compat.py).
command.add_command(library_check_command)
