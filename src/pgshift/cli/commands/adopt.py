"""`pgshift adopt FORMAT`: record as applied what another tool's history says it ran."""

from __future__ import annotations

import click

from ...adoption.tools import IMPORTABLE
from .._options import Invocation, common, confirm_write, json_option, pass_invocation, yes_option


@click.command("adopt")
@click.argument("format_name", metavar="FORMAT", type=click.Choice(IMPORTABLE))
@click.option(
    "--table",
    metavar="[SCHEMA.]NAME",
    help="The other tool's history table, when not its default one.",
)
@click.option(
    "--set", "set_name", metavar="NAME", help="Adopt into migration set NAME (once sets exist)."
)
@click.option("--dry-run", is_flag=True, help="Print what would be recorded; change nothing.")
@yes_option
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    format_name: str,
    table: str | None,
    set_name: str | None,
    dry_run: bool,
    yes: bool,
    as_json: bool,
) -> int:
    """Record the imported migrations FORMAT's history says are applied, without running them.

    Run `pgshift import FORMAT DIR` first. Refused when the other tool's history is dirty,
    records a version no imported file carries, or skips a migration. Writes pgshift's history
    rows in one transaction; running it again changes nothing. Then `pgshift migrate` applies
    only the newer migrations.

    FORMAT: golang-migrate, dbmate, goose, flyway or node-pg-migrate (docs/adopting.md).
    """
    from ...adoption.adopting import adopt

    out, config = invocation.out, invocation.config
    if not dry_run:
        confirm_write(
            invocation, plan=f"adopt would record {format_name}'s history as pgshift's.", yes=yes
        )
    result = adopt(
        config, invocation.target, format_name, table=table, set_name=set_name, dry_run=dry_run
    )
    if as_json:
        out.json(
            {
                "database": result.database,
                "format": result.tool,
                "table": result.table,
                "recorded": result.recorded,
                "already_recorded": result.already_recorded,
                "pending": result.pending,
                "dry_run": result.dry_run,
                "notes": result.notes,
            }
        )
        return 0
    for note in result.notes:
        out.info(f"note: {note}")
    verb = "would record" if dry_run else "recorded"
    for name in result.recorded:
        out.line(f"{verb} {name}")
    source = f"{result.tool}'s history ({result.table})"
    if result.recorded:
        done = "would be recorded" if dry_run else "recorded"
        summary = f"{len(result.recorded)} migration(s) {done} as applied from {source}"
    else:
        summary = (
            f"nothing changed: pgshift's history already records the "
            f"{result.already_recorded} migration(s) {source} holds"
        )
    pending = f"; {len(result.pending)} pending for 'pgshift migrate'" if result.pending else ""
    out.line(f"database {result.database}: {summary}{pending}")
    return 0
