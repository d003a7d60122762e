"""Small tables, copied and checked over two connections of this process.

A COPY stream costs two psql processes and their connections, some 15 to 50 ms before the first
byte; for a table of a few thousand rows that is nearly all its time, and a schema of 200 small
tables would spend seconds starting programs. Below `SMALL_TABLE_BYTES` the rows go through
psycopg instead: one reader session in the exported snapshot, one writer session, a transaction
per table with its done mark, as a psql writer would. Passing each row through Python costs about
a microsecond, which at this size is less than one process start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from ..db import connect
from ..errors import CloneError
from .catalog import Table
from .plan import Chunk
from .state import chunk_done_sql
from .streams import copy_target_text, reader_sql, use_binary
from .verify import TableCheck, checksum_sql

SMALL_TABLE_BYTES = 1024 * 1024


def is_small_table(table: Table) -> bool:
    """Small enough to go through this process: heap and TOAST (a table of a few large values
    has a tiny heap and any amount of TOAST, all of which a whole read holds in memory)."""
    return max(table.bytes, table.stored_bytes) <= SMALL_TABLE_BYTES


def is_small(chunk: Chunk) -> bool:
    return chunk.is_whole and is_small_table(chunk.table)


class CopyFailed(Exception):
    """One table could not be copied; the message names it and the side that failed."""


def copy_tables(
    chunks: Sequence[Chunk],
    *,
    source: str,
    target: str,
    snapshot_sql: Sequence[str],
    target_sql: Sequence[str],
    replica: bool,
    same_major: bool,
    on_start: Callable[[Chunk], None],
    on_done: Callable[[Chunk, int, int], None],
) -> None:
    """Copy each whole-table chunk in its own committed transaction; raise CopyFailed.
    `on_done(chunk, nbytes, rows)` follows each commit with the COPY data's size and rows.

    `replica` means what it means for a psql writer (`streams.writer_head`). Unlike a psql
    writer, no table is truncated to load it frozen (`fresh` is not needed): for a small table a
    TRUNCATE (new files for the table and its TOAST table) costs more than FREEZE saves.
    """
    if not chunks:
        return
    with connect(source, autocommit=True) as reader, connect(target, autocommit=True) as writer:
        for statement in snapshot_sql:
            reader.execute(statement)
        for statement in [*target_sql, "SET synchronous_commit = off"]:
            writer.execute(statement)
        if replica:
            writer.execute("SET session_replication_role = replica")
        for chunk in chunks:
            on_start(chunk)
            size, rows = _copy_one(
                chunk, reader, writer, binary=use_binary(chunk, same_major=same_major)
            )
            on_done(chunk, size, rows)


def _copy_one(
    chunk: Chunk,
    reader: psycopg.Connection[Any],
    writer: psycopg.Connection[Any],
    *,
    binary: bool,
) -> tuple[int, int]:
    """Copy one table; return the size of its COPY data and its rows (from the reader's
    command tag: counting costs nothing)."""
    # Read whole, then write: a small table fits in memory, and each side's error is then its
    # own (no COPY is cancelled half-way because the other connection failed).
    cursor = reader.cursor()
    try:
        with cursor.copy(reader_sql(chunk, binary=binary)) as rows:
            data = b"".join(rows)
    except psycopg.Error as exc:
        raise CopyFailed(_failed(chunk, "reading the source", exc)) from exc
    into = f"COPY {copy_target_text(chunk)} FROM STDIN" + (" (FORMAT binary)" if binary else "")
    try:
        with writer.transaction():
            with writer.cursor().copy(into) as sink:
                sink.write(data)
            writer.execute(chunk_done_sql(chunk))
    except psycopg.Error as exc:
        raise CopyFailed(_failed(chunk, "writing the target", exc)) from exc
    return len(data), max(cursor.rowcount, 0)


def _failed(chunk: Chunk, side: str, exc: psycopg.Error) -> str:
    return f"{chunk.label}: {side} failed: {(exc.diag.message_primary or str(exc)).strip()}"


def checksums(
    tables: Sequence[Table],
    *,
    source: psycopg.Connection[Any],
    target: psycopg.Connection[Any],
    by_value: bool,
    on_done: Callable[[str], None],
) -> dict[str, tuple[TableCheck, TableCheck]]:
    """(source, target) count and checksum of each table: `source` must read in the snapshot."""
    sums = {}
    for table in tables:
        query = checksum_sql(table, by_value=by_value and table.hashable)
        sums[table.label] = (
            _check(source, query, table, "source"),
            _check(target, query, table, "target"),
        )
        on_done(table.label)
    return sums


def _check(conn: psycopg.Connection[Any], query: str, table: Table, side: str) -> TableCheck:
    try:
        row = conn.execute(query).fetchone()
    except psycopg.Error as exc:
        message = (exc.diag.message_primary or str(exc)).strip()
        raise CloneError(
            f"verification could not read {table.label} on the {side}: {message}"
        ) from exc
    assert row is not None
    return TableCheck(int(row[0]), int(row[1]))
