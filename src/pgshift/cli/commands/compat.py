"""`pgshift compat OLD NEW`: refuse SQL function library changes that break deployed databases."""

from __future__ import annotations

from pathlib import Path

import click

from ...errors import UsageError
from .._options import Invocation, common, json_option, pass_invocation
from ..output import Output


@click.command("compat")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path), metavar="[OLD] NEW")
@click.option(
    "--against",
    metavar="GIT_REF",
    help="Compare the NEW folder with itself at this git revision (no OLD folder).",
)
@click.option(
    "--static", is_flag=True, help="Use no database: read both versions with the SQL parser only."
)
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    folders: tuple[Path, ...],
    against: str | None,
    static: bool,
    as_json: bool,
) -> int:
    """Check that the SQL functions in NEW can be deployed over databases running OLD.

    Each version is loaded into a scratch database on the configured server (the embedded one
    when no database_url is set) and the catalogs are compared. Exit code: 0 compatible
    (warnings allowed), 1 incompatible, 65 an error, 64 usage error.
    """
    out = invocation.out
    from ...compat import check_compat
    from ...compat.sources import folder_at_revision

    if against is not None and len(folders) != 1:
        raise UsageError("with --against GIT_REF, give one folder: the new version")
    if against is None and len(folders) != 2:
        raise UsageError("give two folders, OLD and NEW (or one folder and --against GIT_REF)")
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such folder")
    if against is not None:
        new = folders[0]
        with folder_at_revision(new, against) as old:  # a bad revision fails before any server
            admin_dsn = None if static else admin_connection(invocation)
            result = check_compat(
                old, new, admin_dsn=admin_dsn, old_label=f"{against}:{new}", new_label=str(new)
            )
    else:
        admin_dsn = None if static else admin_connection(invocation)
        result = check_compat(folders[0], folders[1], admin_dsn=admin_dsn)
    return report(out, result, as_json=as_json)


def admin_connection(invocation: Invocation) -> str:
    """A connection string that may create the scratch database (the server's `postgres`)."""
    target = invocation.target
    return target.root or target.main


def report(out: Output, result: object, *, as_json: bool) -> int:
    """Print a `CompatResult` and return the exit code (1 when it holds a finding)."""
    from ...compat import CompatResult

    assert isinstance(result, CompatResult)
    if as_json:
        out.json(result.to_json())
        return 0 if result.compatible else 1
    for finding in result.findings:
        who = f" {finding.function}:" if finding.function else ""
        out.line(f"{finding.where}: {finding.severity} [{finding.rule}]{who} {finding.message}")
        if finding.error is not None:
            out.line(f"    PostgreSQL: {finding.error}")
        if finding.observed is not None and finding.observed != finding.error:
            out.line(f"    the server raised first: {finding.observed}")
        out.line(f"    deploying: {finding.effect}")
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        plural = "s" if errors != 1 else ""
        more = f" and {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        out.line(f"incompatible: {errors} finding{plural}{more} ({result.old} -> {result.new})")
        return 1
    note = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    out.line(f"compatible: {result.new} can be deployed over {result.old}{note}")
    return 0


@click.command("check")
@click.option(
    "--against",
    metavar="GIT_REF_OR_DIR",
    help="Compare with this folder or git revision instead of the last release.",
)
@click.option("--static", is_flag=True, help="Use no database: the SQL parser only.")
@json_option
@common
@pass_invocation
def library_check_command(
    invocation: Invocation,
    against: str | None,
    static: bool,
    as_json: bool,
) -> int:
    """Check that the bundled library can be deployed over its previous release.

    Exit code: 0 compatible, 1 incompatible, 65 an error, 64 usage error.
    """
    out = invocation.out
    from ...compat.library import check_library

    # The server (perhaps the embedded one, started for this) is chosen only once the baseline
    # was found: without git history the command says so and starts nothing.
    admin_dsn = None if static else (lambda: admin_connection(invocation))
    return report(out, check_library(admin_dsn=admin_dsn, against=against), as_json=as_json)
