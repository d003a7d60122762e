"""How a clone reports progress: the library calls these; the CLI decides how to show them.

`Progress` is the interface a clone calls. `CopyMeter` turns the data phase's events into
totals, rates and ETAs for a display to draw: pure arithmetic, its clock passed in.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CopyItem:
    """One COPY stream the data phase will run (see `Progress.data_planned`)."""

    label: str  # the chunk's label, as `chunk_started` gives it
    table: str
    bytes: int  # its share of the table's size on the source (heap and TOAST)
    rows: float | None  # its share of the source's row estimate; None: the source has none


class Progress:
    """Receives progress events. The base class ignores them (used in pipes and tests)."""

    def phase(self, name: str) -> None:
        """A phase starts: "schema", "data", "post-data", "sequences", "verify"."""

    def data_planned(self, items: Sequence[CopyItem]) -> None:
        """The COPY streams of the data phase (those an interrupted run had not finished),
        before the first one starts."""

    def chunk_started(self, label: str, size: int) -> None:
        """A COPY stream starts for a table or a range of one (`size` in bytes on the source)."""

    def chunk_copied(self, label: str, nbytes: int, rows: int | None = None) -> None:
        """That stream has moved `nbytes` bytes of COPY data so far (a running total, sent
        about ten times a second while it runs and once at its end). `rows` is given when
        the rows were counted (small tables, at their end); otherwise a display estimates."""

    def chunk_done(self, label: str) -> None:
        """That stream committed."""

    def step_done(self, label: str) -> None:
        """A post-data entry or a verification query finished."""

    def tick(self) -> None:
        """Called often while work runs (a display may redraw its clocks)."""

    def close(self) -> None:
        """The clone ended (successfully or not)."""


@dataclass(frozen=True)
class Throughput:
    """Where one table, or the whole data phase, stands.

    The total size of what is still being copied is an estimate: the source's size on disk,
    which the COPY stream of a table usually undercuts a little (no tuple headers or free
    space) and exceeds for compressed values. Finished streams count what they moved.
    """

    name: str
    bytes_done: int
    bytes_total: int
    bytes_total_exact: bool  # every stream has finished
    rows_done: float | None  # None: no row estimate anywhere
    rows_done_exact: bool  # counted, not estimated from the bytes
    rows_total: float | None
    bytes_per_second: float | None  # see CopyMeter; None at the very start
    rows_per_second: float | None
    eta: float | None  # seconds; None when unknown (no rate yet, or past its estimate)
    seconds: float  # since its first stream started (until its last ended, once finished)
    finished: bool


RATE_WINDOW = 5.0  # seconds of history a rate is taken over
_MIN_SPAN = 0.05  # below this, no rate yet


class _Rate:
    """How fast a growing amount grew over about the last RATE_WINDOW seconds."""

    def __init__(self, start: float) -> None:
        self._samples: deque[tuple[float, float]] = deque([(start, 0.0)])

    def add(self, now: float, value: float) -> float | None:
        self._samples.append((now, value))
        # Keep one sample at or before the window's start, so the rate spans the whole window.
        while len(self._samples) > 2 and self._samples[1][0] <= now - RATE_WINDOW:
            self._samples.popleft()
        then, old = self._samples[0]
        return (value - old) / (now - then) if now - then >= _MIN_SPAN else None


class _Stream:
    """One COPY stream's state."""

    def __init__(self, item: CopyItem, rows: float | None) -> None:
        self.item = item
        self.rows_estimate = rows
        self.started: float | None = None
        self.ended: float | None = None
        self.done_bytes = 0
        self.counted_rows: int | None = None

    @property
    def finished(self) -> bool:
        return self.ended is not None

    @property
    def expected_bytes(self) -> int:
        return self.done_bytes if self.finished else max(self.item.bytes, self.done_bytes)

    @property
    def past_estimate(self) -> bool:
        """Running and already beyond its size on the source: its remainder is unknown."""
        return (
            not self.finished
            and self.started is not None
            and self.done_bytes >= self.item.bytes > 0
        )

    def rows_done(self) -> tuple[float | None, bool]:
        """Rows copied so far and whether counted: the share of its estimate that its bytes
        are of its size on the source, until it is counted."""
        if self.counted_rows is not None:
            return float(self.counted_rows), True
        if self.started is None:
            return 0.0, True
        if self.rows_estimate is None:
            return None, False
        if self.finished or self.item.bytes <= 0:
            return self.rows_estimate, False
        return self.rows_estimate * min(1.0, self.done_bytes / self.item.bytes), False

    def rows_total(self) -> float | None:
        return float(self.counted_rows) if self.counted_rows is not None else self.rows_estimate


class CopyMeter:
    """Totals, rates and ETAs of a data phase, per table and in all, from `Progress` events.

    Feed it `started`, `copied` and `done` as the events come; call `measure` when drawing
    (each call is a sample of the rates: those of what is running are taken over the last
    RATE_WINDOW seconds; those of what has finished are its averages). Rows the source gave no
    estimate for get the density (rows per byte on disk) of the tables that have one.
    """

    def __init__(
        self, items: Sequence[CopyItem], *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        known = [i for i in items if i.rows is not None]
        disk = sum(i.bytes for i in known)
        density = sum(i.rows or 0.0 for i in known) / disk if disk else None
        self._clock = clock
        self._streams: dict[str, _Stream] = {}
        self._tables: dict[str, list[_Stream]] = {}
        for item in items:
            guess = item.rows if item.rows is not None else _times(density, item.bytes)
            stream = _Stream(item, guess)
            self._streams[item.label] = stream
            self._tables.setdefault(item.table, []).append(stream)
        self._rates: dict[str, tuple[_Rate, _Rate]] = {}  # per table and "" for the total
        self._start: float | None = None

    def started(self, label: str) -> None:
        stream = self._streams.get(label)
        if stream is None or stream.started is not None:
            return
        now = self._clock()
        stream.started = now
        if self._start is None:
            self._start = now
            self._rates[""] = (_Rate(now), _Rate(now))
        if stream.item.table not in self._rates:
            self._rates[stream.item.table] = (_Rate(now), _Rate(now))

    def copied(self, label: str, nbytes: int, rows: int | None = None) -> None:
        stream = self._streams.get(label)
        if stream is not None:
            stream.done_bytes = max(stream.done_bytes, nbytes)
            if rows is not None:
                stream.counted_rows = rows

    def done(self, label: str) -> Throughput | None:
        """Mark a stream finished; return its table's final figures if it was the last."""
        stream = self._streams.get(label)
        if stream is None:
            return None
        self.started(label)
        now = self._clock()
        stream.ended = now
        streams = self._tables[stream.item.table]
        if not all(s.finished for s in streams):
            return None
        return self._figures(stream.item.table, streams, now)

    def measure(self) -> tuple[list[Throughput], Throughput | None]:
        """The tables being copied (in the order they started) and the total; None before
        the first stream starts."""
        if self._start is None:
            return [], None
        now = self._clock()
        running = [
            (name, streams)
            for name, streams in self._tables.items()
            if any(s.started is not None for s in streams) and not all(s.finished for s in streams)
        ]
        running.sort(key=lambda entry: min(s.started or now for s in entry[1]))
        tables = [self._figures(name, streams, now) for name, streams in running]
        total = self._figures("", list(self._streams.values()), now)
        return tables, total

    def _figures(self, name: str, streams: Sequence[_Stream], now: float) -> Throughput:
        """Running: rates over the last RATE_WINDOW seconds (a sample taken now). Finished:
        averages from the first stream's start to the last one's end."""
        done = sum(s.done_bytes for s in streams)
        rows = [s.rows_done() for s in streams]
        rows_done = _sum([r for r, _ in rows])
        totals = [s.rows_total() for s in streams]
        started = min(s.started for s in streams if s.started is not None)
        finished = all(s.finished for s in streams)
        if finished:
            now = max(s.ended or now for s in streams)
            span = now - started
            byte_rate = done / span if span > 0 else None
            row_rate = None if rows_done is None or span <= 0 else rows_done / span
        else:
            byte_clock, row_clock = self._rates[name]
            byte_rate = byte_clock.add(now, done)
            row_rate = None if rows_done is None else row_clock.add(now, rows_done)
        return Throughput(
            name=name,
            bytes_done=done,
            bytes_total=sum(s.expected_bytes for s in streams),
            bytes_total_exact=finished,
            rows_done=rows_done,
            rows_done_exact=all(exact for _, exact in rows),
            rows_total=None if None in totals else _sum(totals),
            bytes_per_second=byte_rate,
            rows_per_second=row_rate,
            eta=_eta(streams, byte_rate, whole=name == ""),
            seconds=now - started,
            finished=finished,
        )


def _times(density: float | None, size: int) -> float | None:
    return None if density is None else density * size


def _sum(values: Sequence[float | None]) -> float | None:
    """The sum of the known values; None when none is known."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _eta(streams: Sequence[_Stream], rate: float | None, *, whole: bool) -> float | None:
    """Seconds left at `rate`. A stream past its size on the source has an unknown rest: its
    table has no ETA, and the total counts it as nearly done."""
    if any(s.past_estimate for s in streams) and not whole:
        return None
    left = sum(s.expected_bytes - s.done_bytes for s in streams if not s.finished)
    if left == 0:
        return 0.0
    return left / rate if rate else None
