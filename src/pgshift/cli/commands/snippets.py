"""`pgshift snippets`: write VS Code snippets generated from annotated SQL."""

from __future__ import annotations

from pathlib import Path

import click

from .._options import Invocation, common, json_option, pass_invocation


@click.command("snippets")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Where to write (default: .vscode/pgshift.code-snippets at the project root).",
)
@click.option(
    "--from",
    "extra",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Also read annotated SQL and .code-snippets files from DIR (repeatable).",
)
@click.option(
    "--prefix",
    default="shift-",
    show_default=True,
    help="Prefix for the project's functions whose block gives none.",
)
@click.option(
    "-m", "--multitenancy", is_flag=True, help="Include files whose path contains 'multitenancy'."
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 and print the difference when the file is out of date.",
)
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    output: Path | None,
    extra: tuple[Path, ...],
    prefix: str,
    multitenancy: bool,
    check: bool,
    as_json: bool,
) -> int:
    """Generate VS Code snippets from the library's and the project's annotated SQL.

    Reads every .sql and .code-snippets file of the bundled library, the migrations folder and
    each --from folder. Exit code: 0 written or up to date, 1 with --check the file is out of
    date, 65 a source has a mistake (nothing is written).
    """
    out = invocation.out
    from ...errors import UsageError
    from ...snippets import generate_snippets

    # Paths on the command line are relative to where the command runs.
    for folder in extra:
        if not folder.is_dir():
            raise UsageError(f"--from {folder}: no such folder")
    result = generate_snippets(
        invocation.config,
        output=output.absolute() if output is not None else None,
        extra=[folder.absolute() for folder in extra],
        prefix=prefix,
        multitenancy=multitenancy,
        check=check,
    )
    code = 1 if check and result.changed else 0
    if as_json:
        out.json(
            {
                "path": str(result.path),
                "snippets": result.count,
                "changed": result.changed,
                "written": result.written,
                "diff": result.diff,
            }
        )
        return code
    if check:
        if result.changed:
            out.line(result.diff.rstrip("\n"))
            out.error(f"{result.path} is out of date: run `pgshift snippets` to regenerate it")
        else:
            out.info(f"{result.path} is up to date ({result.count} snippets)")
        return code
    verb = "wrote" if result.written else "unchanged:"
    out.info(f"{verb} {result.path} ({result.count} snippets)")
    return 0
