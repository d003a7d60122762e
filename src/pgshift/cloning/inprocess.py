"""Small tables: read by this process in the snapshot, written by one psql session it feeds.

A COPY stream costs two psql processes and their connections, some 15 to 50 ms before the first
byte; for a table of a few thousand rows that is nearly all its time, and a schema of 200 small
tables would spend seconds starting programs. Below `SMALL_TABLE_BYTES` the rows go another way:
one reader session of pgshift's own reads each table (`COPY ... TO STDOUT`, text format) in the
exported snapshot, and writes it, as a psql script would hold it, into the standard input of a
single psql session on the target: per table `BEGIN`, `COPY ... FROM STDIN`, the rows, `\\.`,
its done mark, `COMMIT`. That session first runs the schema scripts (in a fresh clone), so the
target applies pre-data while this process reads rows and does the source's share of the
verification: two cores busy instead of one.

Nothing half-read is ever written: a table's block goes into the pipe only once its COPY ended
without error, and `COMMIT` follows its rows in the same block. If pgshift dies, psql dies with
it (see `_tools.spawn`) and the server rolls back the table it was writing.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from ..errors import CloneError
from ._tools import VALUE_FORMATS, psql_args, spawn, tidy_stderr
from .catalog import Table, TableKey
from .plan import Chunk
from .state import chunks_done_sql
from .streams import copy_target_text, reader_sql
from .verify import TableCheck, checksum_sql

SMALL_TABLE_BYTES = 1024 * 1024
READ_AHEAD_BYTES = 64 * 1024 * 1024  # rows read but not yet taken by psql, at most
BATCH_BYTES = 1024 * 1024  # small tables share a transaction up to this much COPY data
BATCH_TABLES = 50  # or this many tables


def is_small_table(table: Table) -> bool:
    """Small enough to go through this process: heap and TOAST (a table of a few large values
    has a tiny heap and any amount of TOAST, all of which a whole read holds in memory)."""
    return max(table.bytes, table.stored_bytes) <= SMALL_TABLE_BYTES


def is_small(chunk: Chunk) -> bool:
    return chunk.is_whole and is_small_table(chunk.table)


class CopyFailed(Exception):
    """One table could not be copied; the message names it and the side that failed."""


class TargetSession:
    """One psql session on the target: the `head` arguments (schema scripts) first, then the
    script this process writes into its standard input.

    Writes do not block until `flush(wait=True)`: what psql has not taken yet waits in memory,
    so this process can read the source while psql works.
    """

    def __init__(
        self,
        target: str,
        workdir: Path,
        *,
        head: Sequence[str] = (),
        done_file: Path | None = None,
    ) -> None:
        stem = workdir / f"session-{uuid.uuid4().hex}"
        self._out_path, self._err_path = Path(f"{stem}.out"), Path(f"{stem}.err")
        read_end, self._fd = os.pipe()
        try:
            with open(self._out_path, "wb") as out, open(self._err_path, "wb") as err:
                self._proc = spawn(
                    "psql", psql_args(*head, "-f", "-"), target, stdin=read_end, stdout=out,
                    stderr=err,
                )  # fmt: skip
        finally:
            os.close(read_end)
        os.set_blocking(self._fd, False)
        self._pending: list[memoryview] = []
        self.pending_bytes = 0
        self._lines = 0  # lines written so far: psql's errors say `psql:<stdin>:LINE:`
        self._marks: list[tuple[int, str]] = []  # (first line of a block, what it writes)
        self._closed = False
        self.has_schema = bool(head)
        self._done_file = done_file  # written by psql once the schema is committed
        self.schema_done_at: float | None = None  # when that was first seen

    def write(self, text: bytes, marks: Sequence[tuple[int, str]] = ()) -> None:
        """Queue `text` (whole lines) for psql; `marks` name the parts of it that start at
        each line (counted from 0) in error messages."""
        self._marks += [(self._lines + 1 + line, label) for line, label in marks]
        self._lines += text.count(b"\n")
        self._pending.append(memoryview(text))
        self.pending_bytes += len(text)
        self.flush(wait=False)

    def flush(self, *, wait: bool, down_to: int = 0) -> None:
        """Hand queued text to psql: what the pipe takes now, or (`wait`) until at most
        `down_to` bytes are left. Stops early if psql has exited."""
        while self._pending and self.pending_bytes > (down_to if wait else 0):
            try:
                written = os.write(self._fd, self._pending[0])
            except BlockingIOError:
                self._see_schema_done()
                if not wait:
                    return
                if self._proc.poll() is not None:
                    self._drop_pending()
                    return
                select.select([], [self._fd], [], 0.05)
                continue
            except BrokenPipeError:  # psql stopped (an error): its stderr says why
                self._drop_pending()
                return
            self.pending_bytes -= written
            if written == len(self._pending[0]):
                self._pending.pop(0)
            else:
                self._pending[0] = self._pending[0][written:]

    @property
    def fileno(self) -> int:
        return self._fd

    @property
    def running(self) -> bool:
        return self._proc.poll() is None

    def _drop_pending(self) -> None:
        self._pending.clear()
        self.pending_bytes = 0

    def _see_schema_done(self) -> None:
        if self.schema_done_at is None and self._done_file is not None:
            with contextlib.suppress(OSError):
                if self._done_file.stat().st_size:
                    self.schema_done_at = time.monotonic()

    def close(self) -> str | None:
        """Send what is queued, end the input and wait for psql; None if it succeeded, else
        its error output."""
        if not self._closed:
            self.flush(wait=True)
            os.close(self._fd)
            self._closed = True
        self._proc.wait()
        self._see_schema_done()
        if self._proc.returncode == 0:
            return None
        return self._err_path.read_text(errors="replace")

    def kill(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        if not self._closed:
            os.close(self._fd)
            self._closed = True

    def failed_block(self, error: str) -> str | None:
        """The label of the block written on stdin where psql's `error` happened, if any."""
        found = re.search(r"psql:<stdin>:(\d+):", error)
        if found is None:
            return None
        line = int(found.group(1))
        label = None
        for first, name in self._marks:
            if first > line:
                break
            label = name
        return label

    @property
    def schema_committed(self) -> bool:
        """Whether psql wrote the done file (its schema is committed)."""
        self._see_schema_done()
        return self.schema_done_at is not None


def session_start(target_sql: Sequence[str], *, encoding: str, replica: bool) -> bytes:
    """What the fed script starts with: the target session's settings (`session_settings`:
    values printed as the reader prints them too), the reader's encoding, no wait for WAL
    flushes (the clone's last commit is synchronous and flushes everything before it), and
    `replica` for --data-only."""
    lines = [*target_sql]
    lines.append(sql.SQL("SET client_encoding = {}").format(sql.Literal(encoding)).as_string(None))
    lines.append("SET synchronous_commit = off")
    if replica:
        lines.append("SET session_replication_role = replica")
    return "".join(f"{line};\n" for line in lines).encode()


def open_reader(source: str, snapshot_sql: Sequence[str]) -> psycopg.Connection[Any]:
    """A reader in the snapshot, printing values in formats any server reads back."""
    from ..db import connect

    reader = connect(source, autocommit=True)
    for statement in [*snapshot_sql, *VALUE_FORMATS]:
        reader.execute(statement)
    return reader


def client_encoding(conn: psycopg.Connection[Any]) -> str:
    row = conn.execute("select pg_catalog.current_setting('client_encoding')").fetchone()
    return str(row[0]) if row else "UTF8"


class Feeder:
    """Hands blocks of script to the psql sessions that write small tables: the first one, then
    (once its schema is committed, when it has one) up to `limit` sessions in all, each given
    its next block as soon as it has taken the last one."""

    def __init__(
        self,
        first: TargetSession,
        *,
        more: Callable[[], TargetSession],
        limit: int,
        min_blocks_for_more: int = 4,
    ) -> None:
        self.sessions = [first]
        self._more = more
        self._limit = max(1, limit)
        self._min_blocks = min_blocks_for_more
        self._queue: list[tuple[bytes, list[tuple[int, str]]]] = []
        self.queued_bytes = 0

    def put(self, text: bytes, marks: list[tuple[int, str]]) -> None:
        self._queue.append((text, marks))
        self.queued_bytes += len(text)
        self.pump()

    @property
    def backlog(self) -> bool:
        """Whether blocks wait for a session to take them."""
        return bool(self._queue)

    def pump(self) -> None:
        """Give each session that has taken everything it was given the next block."""
        if not all(s.running for s in self.sessions):
            return  # one stopped: its error ends the copy, nothing more is sent
        first = self.sessions[0]
        if (
            len(self.sessions) < self._limit
            and len(self._queue) >= self._min_blocks
            and (not first.has_schema or first.schema_committed)
        ):
            self.sessions.append(self._more())
        for session in self.sessions:
            session.flush(wait=False)
            if self._queue and not session.pending_bytes:
                text, marks = self._queue.pop(0)
                self.queued_bytes -= len(text)
                session.write(text, marks)

    def drain(self, *, down_to: int = 0) -> None:
        """Pump until at most `down_to` bytes wait in the queue (or a session stopped)."""
        while self._queue and self.queued_bytes > down_to:
            self.pump()
            if not all(s.running for s in self.sessions):
                return
            busy = [s.fileno for s in self.sessions if s.pending_bytes]
            if len(busy) == len(self.sessions):
                select.select([], busy, [], 0.02)


def copy_tables(
    chunks: Sequence[Chunk],
    *,
    reader: psycopg.Connection[Any],
    feeder: Feeder,
    on_start: Callable[[Chunk], None],
    on_done: Callable[[Chunk, int, int], None],
    between: Callable[[], None] = lambda: None,
) -> None:
    """Read each whole-table chunk and queue it for the sessions of `feeder`: tables in
    batches of up to `BATCH_TABLES` tables or `BATCH_BYTES` of data, one transaction per batch
    with the done marks of its tables; raise CopyFailed when the source cannot be read (nothing
    of that table is queued). `on_done(chunk, nbytes, rows)` follows each table read, with the
    size of its COPY data and its rows.

    `between()` runs once, when psql stops keeping up (or every table is read): work for this
    process while psql is busy. No table is truncated to load it frozen: for a small table a
    TRUNCATE (new files for the table and its TOAST table) costs more than FREEZE saves.
    """
    waiting: Callable[[], None] | None = between
    batch = _Batch()
    try:
        for chunk in chunks:
            on_start(chunk)
            data, rows = _read(chunk, reader)
            batch.add(chunk, data)
            on_done(chunk, len(data), rows)
            if batch.full:
                feeder.put(*batch.script())
                batch = _Batch()
            feeder.pump()
            if waiting is not None and feeder.backlog:
                waiting()
                waiting = None
            if feeder.queued_bytes > READ_AHEAD_BYTES:
                feeder.drain(down_to=READ_AHEAD_BYTES // 2)
    finally:  # the tables read before a failure are queued whole
        if batch.chunks:
            feeder.put(*batch.script())
    if waiting is not None:
        waiting()
    feeder.drain()


class _Batch:
    """Tables that go into the target in one transaction, with their done marks."""

    def __init__(self) -> None:
        self.chunks: list[Chunk] = []
        self._parts: list[bytes] = []
        self._marks: list[tuple[int, str]] = []
        self._lines = 1  # BEGIN
        self._bytes = 0

    def add(self, chunk: Chunk, data: bytes) -> None:
        self._marks.append((self._lines, chunk.label))
        part = b"".join((f"COPY {copy_target_text(chunk)} FROM STDIN;\n".encode(), data, b"\\.\n"))
        self._parts.append(part)
        self._lines += part.count(b"\n")
        self._bytes += len(data)
        self.chunks.append(chunk)

    @property
    def full(self) -> bool:
        return len(self.chunks) >= BATCH_TABLES or self._bytes >= BATCH_BYTES

    def script(self) -> tuple[bytes, list[tuple[int, str]]]:
        done = chunks_done_sql(self.chunks)
        return b"".join([b"BEGIN;\n", *self._parts, f"{done}COMMIT;\n".encode()]), self._marks


def _read(chunk: Chunk, reader: psycopg.Connection[Any]) -> tuple[bytes, int]:
    """A table's rows in COPY text format, and how many (the command tag: counting is free)."""
    cursor = reader.cursor()
    try:
        with cursor.copy(reader_sql(chunk)) as rows:
            data = b"".join(rows)
    except psycopg.Error as exc:
        raise CopyFailed(_failed(chunk, "reading the source", exc)) from exc
    return data, max(cursor.rowcount, 0)


def _failed(chunk: Chunk, side: str, exc: psycopg.Error) -> str:
    return f"{chunk.label}: {side} failed: {(exc.diag.message_primary or str(exc)).strip()}"


def write_failure(session: TargetSession, error: str) -> str:
    """psql's error while writing rows, naming the table it was writing."""
    label = session.failed_block(error)
    message = _error_text(error)
    return f"{label}: writing the target failed: {message}" if label else message


def _error_text(error: str) -> str:
    """psql's `psql:<stdin>:12: ERROR:  text` lines as the server's message alone."""
    text = tidy_stderr(error)
    found = re.search(r"ERROR:\s+(.*)", text)
    return found.group(1).strip() if found else text


CHECKSUM_BATCH = 100  # tables per checksum query


def checksums(
    tables: Sequence[Table],
    *,
    source: psycopg.Connection[Any] | None,
    target: psycopg.Connection[Any] | None,
    by_value: bool,
    on_done: Callable[[str], None],
) -> dict[TableKey, tuple[TableCheck, TableCheck]]:
    """(source, target) count and checksum of each table (by `Table.key`): `source` must read
    in the snapshot.

    A side given as None is not read (its checks are `TableCheck(-1, 0)`). Tables are checked
    `CHECKSUM_BATCH` at a time, in one query per side; a batch that fails is checked again table
    by table to name the table that cannot be read.
    """
    sides: list[tuple[str, psycopg.Connection[Any] | None]] = [
        ("source", source),
        ("target", target),
    ]
    found: dict[str, dict[TableKey, TableCheck]] = {"source": {}, "target": {}}
    for start in range(0, len(tables), CHECKSUM_BATCH):
        batch = tables[start : start + CHECKSUM_BATCH]
        for side, conn in sides:
            if conn is not None:
                found[side].update(_checks(conn, batch, side, by_value=by_value))
        for table in batch:
            on_done(table.label)
    missing = TableCheck(-1, 0)
    return {
        t.key: (found["source"].get(t.key, missing), found["target"].get(t.key, missing))
        for t in tables
    }


def _checks(
    conn: psycopg.Connection[Any], tables: Sequence[Table], side: str, *, by_value: bool
) -> dict[TableKey, TableCheck]:
    parts = [
        sql.SQL("SELECT {}::int, * FROM ({}) s").format(
            sql.Literal(n), sql.SQL(checksum_sql(t, by_value=by_value and t.hashable))
        )
        for n, t in enumerate(tables)
    ]
    try:
        with conn.transaction():  # a savepoint inside the snapshot's transaction
            rows = conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall()
    except psycopg.Error:  # again one by one, to name the table
        return {t.key: _check(conn, t, side, by_value=by_value) for t in tables}
    return {tables[int(n)].key: TableCheck(int(count), int(total)) for n, count, total in rows}


def _check(conn: psycopg.Connection[Any], table: Table, side: str, *, by_value: bool) -> TableCheck:
    query = checksum_sql(table, by_value=by_value and table.hashable)
    try:
        with conn.transaction():
            row = conn.execute(query).fetchone()
    except psycopg.Error as exc:
        message = (exc.diag.message_primary or str(exc)).strip()
        raise CloneError(
            f"verification could not read {table.label} on the {side}: {message}"
        ) from exc
    assert row is not None
    return TableCheck(int(row[0]), int(row[1]))
