"""Progress of the data phase: the meter's arithmetic (a fake clock), and the byte and row
counts a real clone reports."""

from __future__ import annotations

import psycopg
import pytest

from pgshift.cloning import (
    CloneOptions,
    CopyItem,
    CopyMeter,
    Progress,
    Throughput,
    clone,
    inprocess,
)
from pgshift.cloning.catalog import load_tables
from pgshift.cloning.plan import Chunk
from pgshift.cloning.streams import reader_sql, use_binary

MB = 1024 * 1024


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _by_name(tables: list[Throughput]) -> dict[str, Throughput]:
    return {t.name: t for t in tables}


def test_rates_etas_and_totals_per_table_and_in_all():
    clock = Clock()
    meter = CopyMeter(
        [
            CopyItem("a [1/2]", "a", 100 * MB, 1000.0),
            CopyItem("a [2/2]", "a", 100 * MB, 1000.0),
            CopyItem("b", "b", 50 * MB, None),  # never analyzed: the others' rows per byte
        ],
        clock=clock,
    )
    assert meter.measure() == ([], None)
    meter.started("a [1/2]")
    meter.started("b")
    clock.now = 2.0
    meter.copied("a [1/2]", 40 * MB)
    meter.copied("b", 10 * MB)
    tables, total = meter.measure()

    a, b = _by_name(tables)["a"], _by_name(tables)["b"]
    assert (a.bytes_done, a.bytes_total, a.bytes_total_exact) == (40 * MB, 200 * MB, False)
    assert (a.bytes_per_second, a.eta) == (20 * MB, 8.0)  # 160 MB left at 20 MB/s
    assert (a.rows_done, a.rows_done_exact, a.rows_total, a.rows_per_second) == (
        400.0,  # 40% of the first half's 1000 rows
        False,
        2000.0,
        200.0,
    )
    assert (b.rows_done, b.rows_total, b.eta) == (100.0, 500.0, 8.0)
    assert total is not None
    assert (total.name, total.bytes_done, total.bytes_total) == ("", 50 * MB, 250 * MB)
    assert (total.bytes_per_second, total.rows_done, total.rows_total) == (25 * MB, 500.0, 2500.0)
    assert (total.rows_per_second, total.eta, total.seconds) == (250.0, 8.0, 2.0)

    # b ends smaller than its size on disk: its real size replaces the estimate.
    clock.now = 4.0
    meter.copied("b", 30 * MB)
    finished = meter.done("b")
    assert finished is not None
    assert (finished.bytes_done, finished.bytes_total, finished.bytes_total_exact) == (
        30 * MB,
        30 * MB,
        True,
    )
    assert (finished.rows_done, finished.rows_done_exact, finished.seconds) == (500.0, False, 4.0)
    meter.copied("a [1/2]", 80 * MB)
    tables, total = meter.measure()
    assert [t.name for t in tables] == ["a"]
    assert total is not None
    assert (total.bytes_done, total.bytes_total, total.bytes_per_second) == (
        110 * MB,
        230 * MB,
        27.5 * MB,
    )
    assert total.eta == pytest.approx(120 / 27.5)


def test_rates_follow_the_last_five_seconds():
    clock = Clock()
    meter = CopyMeter([CopyItem("a", "a", 200 * MB, None)], clock=clock)
    meter.started("a")
    for now, done in ((2.0, 40), (4.0, 80), (10.0, 100), (12.0, 120)):
        clock.now = now
        meter.copied("a", done * MB)
        tables, total = meter.measure()
    # The window reaches back to the sample at 4 s: (120 - 80) MB in 8 s.
    assert tables[0].bytes_per_second == 5 * MB
    assert tables[0].eta == 16.0
    assert (tables[0].rows_done, tables[0].rows_per_second) == (None, None)  # no estimate


def test_counted_rows_are_exact_and_a_stream_past_its_estimate_has_no_eta():
    clock = Clock()
    meter = CopyMeter(
        [CopyItem("small", "small", 2 * MB, 10.0), CopyItem("big", "big", 10 * MB, 100.0)],
        clock=clock,
    )
    meter.started("small")
    clock.now = 1.0
    meter.copied("small", 1 * MB, rows=12)
    meter.done("small")
    meter.started("big")
    clock.now = 2.0
    meter.copied("big", 11 * MB)  # more than its size on disk: the rest is unknown
    tables, total = meter.measure()
    assert (tables[0].name, tables[0].eta, tables[0].bytes_total) == ("big", None, 11 * MB)
    assert total is not None
    assert (total.rows_done, total.rows_done_exact, total.rows_total) == (112.0, False, 112.0)
    assert total.eta == 0.0  # counted as nearly done
    meter.copied("big", 12 * MB)
    meter.done("big")
    clock.now = 7.0  # a finished phase keeps its averages, from its first start to its last end
    _, total = meter.measure()
    assert total is not None
    assert (total.finished, total.bytes_total_exact, total.bytes_done) == (True, True, 13 * MB)
    assert (total.seconds, total.bytes_per_second, total.rows_per_second) == (2.0, 6.5 * MB, 56.0)


class _Recorder(Progress):
    def __init__(self) -> None:
        self.planned: list[CopyItem] = []
        self.copied: dict[str, tuple[int, int | None]] = {}

    def data_planned(self, items):
        self.planned = list(items)

    def chunk_copied(self, label, nbytes, rows=None):
        self.copied[label] = (nbytes, rows)


def _copy_sizes(dsn: str) -> dict[str, tuple[int, int]]:
    """Each table's COPY data as a clone between two databases of one server reads it: the
    text format for small tables (written into a psql script), binary for a stream between two
    psql processes where the types allow."""
    sizes = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in load_tables(conn):
            chunk = Chunk(table, 0, 1)
            binary = use_binary(chunk, same_major=True) and not inprocess.is_small(chunk)
            cursor = conn.cursor()
            with cursor.copy(reader_sql(chunk, binary=binary)) as rows:
                size = sum(len(buffer) for buffer in rows)
            sizes[table.label] = (size, cursor.rowcount)
    return sizes


def test_each_stream_reports_the_bytes_it_moved(source, target, copy_path):
    expected = _copy_sizes(source)
    progress = _Recorder()
    clone(source, target, CloneOptions(jobs=2, verify=False), progress=progress)

    assert sorted(i.label for i in progress.planned) == sorted(expected)
    assert {label: size for label, (size, _) in progress.copied.items()} == {
        label: size for label, (size, _) in expected.items()
    }
    counted = {label: rows for label, (_, rows) in progress.copied.items()}
    if copy_path == "small tables in-process":  # rows counted there; psql pairs: estimated
        assert counted == {label: rows for label, (_, rows) in expected.items()}
    else:
        assert set(counted.values()) == {None}
