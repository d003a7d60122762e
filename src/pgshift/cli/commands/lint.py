"""`pgshift lint [FILE...]`: judge migrations for locks that block the running application."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .._options import Invocation, common, json_option, pass_invocation, set_option
from .._sizes import human_size
from ..output import Output

if TYPE_CHECKING:
    from ...lint.model import Finding, Lock


@click.command("lint")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="warning",
    show_default=True,
    help="Exit 1 when a finding is at least this severe.",
)
@click.option(
    "--static", is_flag=True, help="Use no database: judge the SQL text alone (no measured locks)."
)
@set_option
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    files: tuple[Path, ...],
    fail_on: str,
    static: bool,
    as_json: bool,
) -> int:
    """Judge each statement of FILE... (default: the pending committed migrations and the
    current migration) for locks that would block the running application.

    Each migration is run, statement by statement, on the shadow database (reset and migrated
    as commit prepares it) in a transaction that is rolled back, and the locks it took, the
    tables it rewrote and scanned are read from the server; table sizes come from the main
    database. A comment '-- pgshift-lint: ignore RULE -- reason' on or right above a statement
    silences RULE there. Rules and safe recipes: docs/safety.md.

    Exit code: 0 nothing at or above --fail-on, 1 a finding, 65 an error, 64 usage error.
    """
    from ...lint import lint_migrations
    from ...lint.model import is_at_least

    out = invocation.out
    config = invocation.config
    target = invocation.target
    result = lint_migrations(config, target, files, static=static)
    for note in result.notes:
        out.info(f"pgshift: note: {note}")
    if as_json:
        out.json(result.to_json(show=shown_path))
    else:
        print_findings(out, result.findings, stream="out")
        counts = _counts(result.findings)
        how = "measured on the shadow database" if result.measured else "from the SQL text"
        out.info(
            f"{counts or 'no findings'} in {len(result.files)} file(s), "
            f"{result.statements} statement(s), {how}"
        )
    failing = [f for f in result.findings if is_at_least(f.severity, fail_on)]  # type: ignore[arg-type]
    return 1 if failing else 0


def print_findings(out: Output, findings: Sequence[Finding], *, stream: str = "err") -> None:
    """Each finding as `file:line:column: severity [rule] message`, then the locks measured,
    one per line (on stdout for `lint`, on stderr for `commit`)."""
    from ...lint.model import describe_finding

    write = out.line if stream == "out" else out.info
    for finding in findings:
        write(describe_finding(finding, path=shown_path(finding.path)))
        for lock in finding.locks:
            write(f"    {describe_lock(lock)}")


def describe_lock(lock: Lock) -> str:
    """`AccessExclusiveLock on public.orders, 12 M rows, 1.2 GB, rewrite`."""
    parts = [f"{lock.mode} on {lock.relation}"]
    if lock.rows is not None:
        parts.append(f"{_count(lock.rows)} rows")
    if lock.size is not None:
        parts.append(human_size(lock.size))
    if lock.rewrite:
        parts.append("rewrite")
    elif lock.scanned:
        parts.append("full scan")
    return ", ".join(parts)


def _count(rows: int) -> str:
    for unit, factor in (("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if rows >= factor * 10:
            return f"{rows // factor} {unit}"
        if rows >= factor:
            return f"{rows / factor:.1f} {unit}"
    return str(rows)


def _counts(findings: Sequence[Finding]) -> str:
    parts = []
    for severity in ("error", "warning", "info"):
        n = sum(1 for f in findings if f.severity == severity)
        if n:
            parts.append(f"{n} {severity}{'s' if n != 1 and severity != 'info' else ''}")
    return ", ".join(parts)


def shown_path(path: Path) -> str:
    """A path relative to the working directory when it is under it (as linters print)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
