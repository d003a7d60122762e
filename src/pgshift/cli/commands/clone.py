"""`pgshift clone SOURCE TARGET`: copy a database into another, verified."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

import click

from ...cloning.progress import CopyItem, CopyMeter, Progress, Throughput
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
    except (ValueError, OverflowError):
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


_REDRAW_SECONDS = 0.1  # at most ten redraws a second
_NAME_WIDTH = 24
_SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class _TerminalProgress(Progress):
    """Progress on a terminal (stderr): the running phase and, while rows are copied, a line per
    table being copied and a total line (bytes, rows, rates, ETA). Redrawn at most ten times a
    second; finished phases and tables stay printed above."""

    def __init__(self, out: Output) -> None:
        from rich.console import Console
        from rich.live import Live

        # Redrawn from the clone's own loop (`tick`): rich's refresh thread is not used, because
        # the clone starts its children with a pre-exec hook, which threads make unsafe.
        self._live = Live(
            console=Console(file=out.err, highlight=False),
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._phase: str | None = None
        self._phase_start = 0.0
        self._meter: CopyMeter | None = None
        self._printed: list[str] = []  # lines to print above the live area at the next redraw
        self._drawn = 0.0
        self._live.start()

    def phase(self, name: str) -> None:
        self._end_phase()
        self._phase, self._phase_start = name, time.monotonic()
        self._draw()

    def data_planned(self, items: Sequence[CopyItem]) -> None:
        self._meter = CopyMeter(items) if items else None

    def chunk_started(self, label: str, size: int) -> None:
        if self._meter is not None:
            self._meter.started(label)

    def chunk_copied(self, label: str, nbytes: int, rows: int | None = None) -> None:
        if self._meter is not None:
            self._meter.copied(label, nbytes, rows)

    def chunk_done(self, label: str) -> None:
        table = self._meter.done(label) if self._meter is not None else None
        if table is not None:
            self._printed.append(_finished_line(table))

    def step_done(self, label: str) -> None:
        self.tick()

    def tick(self) -> None:
        if time.monotonic() - self._drawn >= _REDRAW_SECONDS:
            self._draw()

    def close(self) -> None:
        self._end_phase()
        self._draw()
        self._live.stop()

    def _end_phase(self) -> None:
        if self._phase is None:
            return
        line = f"{self._phase}  {time.monotonic() - self._phase_start:.1f} s"
        if self._phase == "data" and self._meter is not None:
            _, total = self._meter.measure()
            if total is not None:
                line += f"  {_summary(total)}"
        self._printed.append(line)
        self._phase = None

    def _draw(self) -> None:
        from rich.console import Group
        from rich.text import Text

        self._drawn = time.monotonic()
        lines = [Text(line, no_wrap=True, overflow="ellipsis") for line in self._live_lines()]
        self._live.update(Group(*lines), refresh=True)
        if self._printed:  # printed above the live area, which is drawn again below it
            self._live.console.print(Text("\n".join(self._printed)))
            self._printed.clear()

    def _live_lines(self) -> list[str]:
        if self._phase is None:
            return []
        elapsed = time.monotonic() - self._phase_start
        lines = [f"{_SPINNER[int(elapsed * 10) % len(_SPINNER)]} {self._phase}  {elapsed:.1f} s"]
        if self._phase == "data" and self._meter is not None:
            tables, total = self._meter.measure()
            lines += [_table_line(table) for table in tables]
            if total is not None:
                lines.append(_total_line(total))
        return lines


def _table_line(t: Throughput) -> str:
    """`  app.orders                1.2/~3.0 MB  4.1 MB/s  ~20 k rows/s  ETA 0:01`"""
    name = t.name if len(t.name) <= _NAME_WIDTH else t.name[: _NAME_WIDTH - 1] + "…"
    return f"  {name:<{_NAME_WIDTH}}  {_byte_pair(t)}  {_byte_rate(t)}  {_row_rate(t)}  {_eta(t)}"


def _total_line(t: Throughput) -> str:
    """`  total  12.3/~40.1 MB  ~52 k/~170 k rows  8.1 MB/s  ~34 k rows/s  ETA 0:03`"""
    return f"  total  {_byte_pair(t)}  {_row_pair(t)}  {_byte_rate(t)}  {_row_rate(t)}  {_eta(t)}"


def _finished_line(t: Throughput) -> str:
    """A table whose rows are all in: `  app.orders  3.0 MB  12 k rows  0.8 s`."""
    return f"  {t.name}  {_human(t.bytes_done)}  {_rows(t)}  {t.seconds:.1f} s"


def _summary(t: Throughput) -> str:
    """The data phase's total and its average rates (while copying)."""
    return f"total {_human(t.bytes_done)}  {_rows(t)}  {_byte_rate(t)}  {_row_rate(t)}"


def _byte_pair(t: Throughput) -> str:
    unit, name = _unit(max(t.bytes_total, t.bytes_done))
    approx = "" if t.bytes_total_exact else "~"
    return f"{_scaled(t.bytes_done, unit)}/{approx}{_scaled(t.bytes_total, unit)} {name}"


def _row_pair(t: Throughput) -> str:
    if t.rows_done is None:
        return "? rows"
    done = ("" if t.rows_done_exact else "~") + _quantity(t.rows_done)
    if t.rows_total is None:
        return f"{done} rows"
    approx = "" if t.finished and t.rows_done_exact else "~"
    return f"{done}/{approx}{_quantity(t.rows_total)} rows"


def _rows(t: Throughput) -> str:
    if t.rows_done is None:
        return "? rows"
    return ("" if t.rows_done_exact else "~") + _quantity(t.rows_done) + " rows"


def _byte_rate(t: Throughput) -> str:
    if t.bytes_per_second is None:
        return "? MB/s"
    rate = t.bytes_per_second / _UNITS["MB"]
    digits = 0 if rate >= 100 else 1 if rate >= 1 else 2
    return f"{rate:.{digits}f} MB/s"


def _row_rate(t: Throughput) -> str:
    if t.rows_per_second is None:
        return "? rows/s"
    return ("" if t.rows_done_exact else "~") + _quantity(t.rows_per_second) + " rows/s"


def _eta(t: Throughput) -> str:
    if t.finished:
        return "done"
    if t.eta is None:
        return "ETA ?"
    minutes, seconds = divmod(round(t.eta), 60)
    hours, minutes = divmod(minutes, 60)
    return f"ETA {hours}:{minutes:02}:{seconds:02}" if hours else f"ETA {minutes}:{seconds:02}"


def _unit(size: int) -> tuple[int, str]:
    return next(((_UNITS[u], u) for u in ("GB", "MB", "KB") if size >= _UNITS[u]), (1, "B"))


def _scaled(size: int, unit: int) -> str:
    return f"{size}" if unit == 1 else f"{size / unit:.1f}"


def _quantity(n: float) -> str:
    """`950`, `1.2 k`, `52 k`, `3.4 M`: two or three significant digits."""
    for divisor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if n >= divisor:
            value = n / divisor
            return f"{value:.1f} {suffix}" if value < 10 else f"{value:.0f} {suffix}"
    return f"{n:.0f}"
