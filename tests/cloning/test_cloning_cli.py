"""`pgshift clone` progress: rates and ETAs on a terminal, nothing in a pipe or with --json."""

from __future__ import annotations

import functools
import io
import re

import psycopg
import pytest

from pgshift.cli.commands import clone as clone_command
from pgshift.cli.main import main
from pgshift.cloning import CopyMeter, data

ROWS = r"~?[\d.]+(?: [kMG])?"
TOTAL_LINE = re.compile(
    rf"^  total  [\d.]+/~?[\d.]+ (?:B|KB|MB|GB)  {ROWS}(?:/{ROWS})? rows  [\d.]+ MB/s  "
    rf"{ROWS} rows/s  ETA \d+:\d\d$",
    re.MULTILINE,
)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _drawn(err: str) -> str:
    """What a terminal was sent, without rich's cursor and colour codes."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "\n", err)


class _Steps:
    """A clock that moves 0.1 s each time it is read: rates exist however fast the copy is."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.1
        return self.now


@pytest.fixture
def every_tick(monkeypatch):
    """Redraw on every tick and read the streams' counts on every loop, so that a clone of a
    few small tables draws its lines while it runs."""
    monkeypatch.setattr(clone_command, "_REDRAW_SECONDS", 0.0)
    monkeypatch.setattr(clone_command, "CopyMeter", functools.partial(CopyMeter, clock=_Steps()))
    monkeypatch.setattr(data, "MEASURE_SECONDS", 0.0)


def test_a_terminal_shows_rates_and_an_eta_per_table_and_in_total(
    source, target, copy_path, every_tick
):
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("analyze")  # row estimates for the tables copied by psql pairs
    out, err = io.StringIO(), _Terminal()
    assert main(["clone", source, target, "--no-verify", "--jobs", "2"], out, err) == 0
    drawn = _drawn(err.getvalue())

    assert TOTAL_LINE.search(drawn), drawn
    # What stays on the screen: each table with its rows, and the data phase's total.
    rows = "300" if copy_path == "small tables in-process" else "~300"
    assert re.search(rf"^  app\.customer  [\d.]+ KB  {rows} rows  [\d.]+ s$", drawn, re.M), drawn
    assert re.search(rf"^data  [\d.]+ s  total [\d.]+ KB  {ROWS} rows  [\d.]+ MB/s", drawn, re.M)
    if copy_path == "every table through psql":  # long enough to be drawn while it runs
        line = re.search(r"^  [\w.-]+ +[\d.]+/~?[\d.]+ KB  .*$", drawn, re.M)
        assert line and "MB/s" in line[0] and "rows/s" in line[0] and "ETA" in line[0], drawn
    assert out.getvalue().startswith("cloned postgres@socket ")


@pytest.mark.parametrize(
    ("stderr", "flags"),
    [(io.StringIO, []), (_Terminal, ["--json"])],
    ids=["a pipe", "--json on a terminal"],
)
def test_no_progress_at_all_in_a_pipe_or_with_json(source, target, every_tick, stderr, flags):
    out, err = io.StringIO(), stderr()
    assert main(["clone", source, target, "--no-verify", *flags], out, err) == 0
    assert err.getvalue() == ""
    assert out.getvalue().startswith("{" if flags else "cloned postgres@socket ")
