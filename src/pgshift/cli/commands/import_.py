"""`pgshift import FORMAT DIR`: append another tool's migrations to the committed chain."""

from __future__ import annotations

from pathlib import Path

import click

from ...adoption.tools import IMPORTABLE
from .._options import Invocation, common, json_option, pass_invocation

_SHOWN = 5  # left-out files named in text output (--json names every one)


@click.command("import")
@click.argument("format_name", metavar="FORMAT", type=click.Choice(IMPORTABLE))
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--set", "set_name", metavar="NAME", help="Import into migration set NAME (once sets exist)."
)
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation, format_name: str, folder: Path, set_name: str | None, as_json: bool
) -> int:
    """Append the up migrations of DIR, written for FORMAT, to migrations/committed/.

    Each becomes a committed file, hashed and chained as `commit` writes one, that remembers
    its source version in an `--! Imported:` header. Nothing runs: on a database the other tool
    migrated, `pgshift adopt FORMAT` records them as applied. Down migrations are left out.
    Versions imported before are passed over, so importing again adds only newer ones.

    FORMAT: golang-migrate, dbmate, goose, flyway or node-pg-migrate (docs/adopting.md).
    """
    from ...adoption.importing import import_migrations

    out = invocation.out
    result = import_migrations(invocation.config, format_name, folder, set_name=set_name)
    if as_json:
        out.json(
            {
                "format": result.tool,
                "imported": [
                    {"file": str(f.path), "version": f.version, "source": str(f.source)}
                    for f in result.written
                ],
                "already_imported": result.already_imported,
                "repeatable": [str(p) for p in result.repeatable],
                "left_out": [
                    {"what": item.what, "files": [str(p) for p in item.paths]}
                    for item in result.left_out
                ],
            }
        )
        return 0
    for written in result.written:
        out.line(f"imported {written.path.name} ({result.tool} {written.version})")
    already = f" ({result.already_imported} imported before)" if result.already_imported else ""
    if result.written:
        out.line(f"{len(result.written)} migration(s) imported from {folder}{already}")
    else:
        out.line(f"nothing to import: every migration of {folder} was imported before")
    for path in result.repeatable:
        out.line(f"imported {path.parent.name}/{path.name} (a repeatable migration)")
    for item in result.left_out:
        names = ", ".join(p.name for p in item.paths[:_SHOWN])
        more = f", ... ({len(item.paths) - _SHOWN} more)" if len(item.paths) > _SHOWN else ""
        out.line(f"left out: {len(item.paths)} {item.what}: {names}{more}")
    return 0
