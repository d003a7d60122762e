"""`pgshift clone SOURCE TARGET`: copy a database into another, verified."""

from __future__ import annotations

import os
import time
from typing import Any

import click

from ...cloning.progress import Progress
from .._options import debug_option, json_option, pass_output
from ..output import Output

_UNITS = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def _human(size: int) -> str:
    for unit in ("GB", "MB", "KB"):
        if size >= _UNITS[unit]:
            return f"{size / _UNITS[unit]:.1f} {unit}"
    return f"{size} B"


def _parse_size(text: str) -> int:
    """`256MB`, `1GB`, `65536` -> bytes (units are powers of 1024)."""
    number = text.strip().upper()
    unit = next((u for u in ("KB", "MB", "GB", "B") if number.endswith(u)), "")
    try:
        return int(float(number[: len(number) - len(unit)]) * _UNITS[unit])
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a size such as 256MB") from None


@click.command("clone")
@click.argument("source")
@click.argument("target")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="COPY streams and index builds at once (default: CPU count, at most 8).",
)
@click.option("--schema-only", is_flag=True, help="Copy the schema, no rows.")
@click.option(
    "--data-only",
    is_flag=True,
    help="Fill the empty tables of a schema that already exists in the target, "
    "without firing its triggers (needs a superuser).",
)
@click.option("--resume", is_flag=True, help="Finish a clone that was interrupted.")
@click.option("--no-verify", is_flag=True, help="Skip comparing the target with the source.")
@click.option(
    "--split-size",
    metavar="SIZE",
    default=None,
    help="Copy tables larger than SIZE (e.g. 256MB) as several ranges at once "
    "(default: picked from the data size and --jobs).",
)
@click.option(
    "--owners",
    is_flag=True,
    help="Give every object the owner it has in SOURCE (the roles must exist on TARGET and the "
    "connecting role must be able to act as each, e.g. a superuser). Default: objects belong "
    "to the role that connects to TARGET.",
)
@json_option
@debug_option
@pass_output
def command(
    out: Output,
    source: str,
    target: str,
    jobs: int | None,
    schema_only: bool,
    data_only: bool,
    resume: bool,
    no_verify: bool,
    split_size: str | None,
    owners: bool,
    as_json: bool,
) -> int:
    """Copy SOURCE into TARGET (connection strings): schema, rows, sequences; then verify.

    Reads one snapshot of SOURCE, which is never written to. TARGET must be empty unless
    --data-only is given. Progress is shown per table on a terminal.
    """
    from ...cloning import CloneOptions, Mode, clone
    from ...cloning.options import OWNERS_WITHOUT_SCHEMA
    from ...errors import UsageError

    if schema_only and data_only:
        raise UsageError("--schema-only and --data-only exclude each other")
    if owners and data_only:
        raise UsageError(OWNERS_WITHOUT_SCHEMA)
    mode = Mode.SCHEMA_ONLY if schema_only else Mode.DATA_ONLY if data_only else Mode.FULL
    options = CloneOptions(
        jobs=jobs or min(8, os.cpu_count() or 2),
        mode=mode,
        resume=resume,
        verify=not no_verify,
        split_bytes=_parse_size(split_size) if split_size else None,
        owners=owners,
    )
    progress = _TerminalProgress(out) if out.is_terminal and not as_json else None
    result = clone(source, target, options, progress=progress)
    if as_json:
        out.json(result.to_json())
        return 0
    rows = sum(t.rows or 0 for t in result.tables)
    total = sum(result.seconds.values())
    checks = "not verified"
    if result.verified:
        checks = "verified: rows and checksums, sequences" + (
            "" if result.schema_check == "skipped" else f", schema ({result.schema_check})"
        )
    counted = f"{_count(rows, 'row')}, " if result.verified and mode is not Mode.SCHEMA_ONLY else ""
    out.line(
        f"cloned {result.source} into {result.target}: {_count(len(result.tables), 'table')}, "
        f"{counted}{_count(result.sequences, 'sequence')} in {total:.1f} s ({checks})"
    )
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


class _TerminalProgress(Progress):
    """Per-table progress on a terminal (rich), drawn on stderr and refreshed on each event."""

    def __init__(self, out: Output) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(file=out.err),
            auto_refresh=False,
            transient=False,
        )
        self._tasks: dict[str, Any] = {}
        self._drawn = 0.0
        self._phase: Any = None
        self._bar.start()

    def phase(self, name: str) -> None:
        if self._phase is not None:
            self._bar.update(self._phase, completed=1, total=1)
        self._phase = self._bar.add_task(name, total=None)
        self._bar.refresh()

    def chunk_started(self, label: str, size: int) -> None:
        self._tasks[label] = self._bar.add_task(f"  {label} ({_human(size)})", total=None)
        self._bar.refresh()

    def chunk_done(self, label: str) -> None:
        task = self._tasks.get(label)
        if task is not None:
            self._bar.update(task, completed=1, total=1)
            self._bar.refresh()

    def step_done(self, label: str) -> None:
        self._bar.refresh()

    def tick(self) -> None:
        # Redrawn from the clone's own loop: rich's refresh thread is not used, because the
        # clone starts its children with a pre-exec hook, which threads make unsafe.
        now = time.monotonic()
        if now - self._drawn >= 0.1:
            self._drawn = now
            self._bar.refresh()

    def close(self) -> None:
        if self._phase is not None:
            self._bar.update(self._phase, completed=1, total=1)
        self._bar.stop()
