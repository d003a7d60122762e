"""`pgshift commit`: turn the current migration into the next committed file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from ...migrations.authoring import commit
from .._options import (
    Invocation,
    common,
    confirm_write,
    json_option,
    pass_invocation,
    report_schema_file,
    schema_file_json,
    set_option,
    yes_option,
)
from ..output import Output

if TYPE_CHECKING:
    from ...lint.model import Finding


@click.command("commit")
@click.option("-m", "--message", help="Commit message (also becomes the file-name slug).")
@yes_option
@set_option
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    message: str | None,
    yes: bool,
    as_json: bool,
) -> int:
    """Commit current.sql as migrations/committed/NNNNNN[-message].sql.

    The shadow database is reset and migrated with the new file before the main database;
    if either fails, the new file is removed and current.sql is left untouched. The new file
    is linted on the way (docs/safety.md): findings are shown on stderr, and refused with
    lint_on_commit = "refuse".
    """
    out = invocation.out
    if message is not None and not message.strip():
        raise click.UsageError("the message given with -m is empty")
    config = invocation.config
    confirm_write(
        invocation,
        plan="commit would reset the shadow database and migrate the database.",
        yes=yes,
    )
    result = commit(config, invocation.target, message=message)
    if result.lint is not None:
        report_lint(out, result.lint.at_least("warning"), result.path.name)
    for finding in result.repeatable_compat:
        out.warn(f"repeatable file: {finding}")
    if as_json:
        schema_file = schema_file_json(result.schema_file)
        out.json({"file": str(result.path), "hash": result.hash, "schema_file": schema_file})
    else:
        out.line(f"committed {result.path.name} ({result.hash})")
    report_schema_file(out, result.schema_file, as_json=as_json)
    return 0


def report_lint(out: Output, findings: Sequence[Finding], name: str) -> None:
    """The new file's lint findings (warnings and errors), on stderr."""
    if not findings:
        return
    from .lint import print_findings

    print_findings(out, findings)
    out.info(
        f"pgshift: lint: {len(findings)} finding(s) in {name}, committed anyway "
        '(lint_on_commit = "refuse" refuses them; docs/safety.md has the safe recipes)'
    )
