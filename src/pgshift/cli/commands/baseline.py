"""`pgshift baseline`: start the history from a database no migration tool manages."""

from __future__ import annotations

import click

from ...inspect.census import unread_kinds_sentence
from .._options import (
    Invocation,
    common,
    confirm_write,
    json_option,
    pass_invocation,
    report_schema_file,
    schema_file_json,
    yes_option,
)


@click.command("baseline")
@click.option(
    "--from",
    "source",
    metavar="URL",
    help="Read (and record the baseline in) this database instead of the configured one.",
)
@click.option(
    "-m", "--message", default="baseline", show_default=True, help="The migration's message."
)
@click.option("--owners", is_flag=True, help="Also write each object's owner (ALTER ... OWNER).")
@click.option(
    "--allow-unread",
    is_flag=True,
    help="Write the baseline even though the database holds kinds pgshift does not read yet.",
)
@yes_option
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    source: str | None,
    message: str,
    owners: bool,
    allow_unread: bool,
    yes: bool,
    as_json: bool,
) -> int:
    """Write the first committed migration from the database's schema, prove it on the shadow
    database and record it as applied.

    The migration is what builds the schema in a fresh database (pgshift's inspect and diff:
    every kind inspect reads, in dependency order, privileges and comments included; owners
    with --owners; pgshift's own schemas left out). The shadow database is reset and migrated
    with it and must then match the database, or the file is removed. It is recorded as applied
    in the database it was read from (--from URL, or the configured one), so migrate runs only
    what comes after it.

    Refused when the database has pgshift's history or another tool's, the committed folder
    holds a file, the current migration is not blank, or the database holds kinds pgshift does
    not read (unless --allow-unread). {unread}
    """
    from ...migrations.baseline import baseline

    out = invocation.out
    if not message.strip():
        raise click.UsageError("the message given with -m is empty")
    confirm_write(
        invocation,
        plan="baseline would reset the shadow database and record a migration as applied.",
        yes=yes,
    )
    result = baseline(
        invocation.config,
        invocation.target,
        source=source,
        message=message,
        owners=owners,
        allow_unread=allow_unread,
    )
    if as_json:
        out.json(
            {
                "file": str(result.path),
                "hash": result.hash,
                "database": result.database,
                "changes": result.changes,
                "left_out": result.left_out,
                "schema_file": schema_file_json(result.schema_file),
            }
        )
        report_schema_file(out, result.schema_file, as_json=True)
        return 0
    if result.left_out:
        from ...inspect.census import describe_unread

        out.warn(f"left out, pgshift does not read these yet: {describe_unread(result.left_out)}")
    out.line(
        f"wrote {result.path.name} ({result.hash}): {result.changes} change(s) from a fresh "
        "database, rebuilt identically on the shadow database"
    )
    out.line(f"database {result.database}: {result.path.name} recorded as applied")
    report_schema_file(out, result.schema_file)
    return 0


command.help = (command.help or "").replace("{unread}", unread_kinds_sentence())
