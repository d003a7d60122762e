"""Cutting the data into copy chunks: whole tables, and large tables split by ctid ranges.

Pure logic. A chunk of a split table covers heap pages [first_page, end_page); the last chunk is
open-ended so that rows on pages added after the size was read are not missed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .catalog import Table

MIN_SPLIT_BYTES = 64 * 1024 * 1024
SPLIT_FROM_JOBS = 4


@dataclass(frozen=True)
class Chunk:
    """One COPY stream: a whole table (`first_page is None`) or a range of its pages."""

    table: Table
    index: int
    count: int
    first_page: int | None = None
    end_page: int | None = None

    @property
    def is_whole(self) -> bool:
        return self.count == 1

    @property
    def label(self) -> str:
        return (
            self.table.label
            if self.is_whole
            else f"{self.table.label} [{self.index + 1}/{self.count}]"
        )


def choose_split_bytes(tables: Sequence[Table], jobs: int) -> int:
    """The size above which a table is split (0: never).

    One COPY stream keeps about 1.5 to 2 cores busy (the writing backend parses and inserts,
    the reading backend scans and prints, and the two psql processes pass the bytes), so with
    fewer than 4 jobs a second stream on the same table only competes for the same cores, and
    costs COPY FREEZE (measured on 2 cores: whole tables were faster). From 4 jobs on, a table
    bigger than its share of the data (total / jobs) is split so that it does not finish last
    alone; never into chunks below 64 MB.
    """
    if jobs < SPLIT_FROM_JOBS:
        return 0
    total = sum(t.bytes for t in tables)
    return max(MIN_SPLIT_BYTES, math.ceil(total / jobs))


def plan_chunks(
    tables: Sequence[Table], *, split_bytes: int, block_size: int, can_split: bool = True
) -> list[Chunk]:
    """Chunks for `tables`, largest first (so the longest streams start first)."""
    chunks: list[Chunk] = []
    for table in tables:
        pages = table.bytes // block_size
        count = math.ceil(table.bytes / split_bytes) if can_split and split_bytes > 0 else 1
        count = max(1, min(count, pages))
        if count == 1:
            chunks.append(Chunk(table, 0, 1))
            continue
        step = math.ceil(pages / count)
        count = math.ceil(pages / step)
        for i in range(count):
            end = None if i == count - 1 else (i + 1) * step
            chunks.append(Chunk(table, i, count, i * step, end))
    chunks.sort(key=lambda c: -(c.table.bytes / c.count))
    return chunks
