"""The jobs the runner runs: COPY streams between two psql processes, and plain psql scripts.

A COPY stream is a reader psql (`COPY ... TO STDOUT` in the exported snapshot) whose stdout is
the stdin of a writer psql (`\\copy ... FROM pstdin`). The bytes go from one C process to the
other; Python only starts them and decides the ending. The writer takes its commands from a
second pipe that Python holds: it sends `COMMIT` (with the chunk's done mark) only once the
reader has exited cleanly, so a reader that fails half-way can never leave half a table
committed — the writer reaches the end of its commands with the transaction open, exits, and
the server rolls it back.

How far a stream has got is read from the kernel, which counts the reader's writes into the pipe
(`_tools.written_bytes`): the bytes still never pass through Python.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import uuid
from collections.abc import Sequence
from pathlib import Path

from psycopg import sql

from ..sqltext import ident, literal
from ._tools import psql_args, spawn, tidy_stderr, written_bytes
from .plan import Chunk
from .state import chunk_done_sql


def copy_target_text(chunk: Chunk) -> str:
    """`"schema"."table" ("col", ...)`: the table and columns a COPY names, quoted.

    Without a column list, COPY (both ways) takes every column but the generated ones: a table
    whose only columns are generated, which no list can name (`COPY t ()` is a syntax error),
    goes as rows of no columns, one empty line each, and the target computes its columns.
    """
    table = chunk.table
    if not table.has_generated or not table.copy_columns:
        return table.ident.as_string(None)
    return sql.SQL("{} ({})").format(table.ident, _columns(table.copy_columns)).as_string(None)


def _columns(names: Sequence[str]) -> sql.Composed:
    return sql.SQL(", ").join(ident(name) for name in names)


def reader_sql(chunk: Chunk, *, binary: bool = False) -> str:
    """The COPY TO statement for a chunk: the whole table, or a range of its heap pages."""
    options = " (FORMAT binary)" if binary else ""
    if chunk.is_whole:
        return f"COPY {copy_target_text(chunk)} TO STDOUT{options}"
    table = chunk.table
    where = [sql.SQL("ctid >= {}::pg_catalog.tid").format(_page(chunk.first_page or 0))]
    if chunk.end_page is not None:
        where.append(sql.SQL("ctid < {}::pg_catalog.tid").format(_page(chunk.end_page)))
    query = sql.SQL("SELECT {} FROM ONLY {} WHERE {}").format(
        _columns(table.copy_columns), table.ident, sql.SQL(" AND ").join(where)
    )
    return f"COPY ({query.as_string(None)}) TO STDOUT{options}"


def _page(number: int) -> sql.Literal:
    """The tid of the first tuple of heap page `number`: `'(12,0)'`."""
    return literal(f"({int(number)},0)")


def writer_head(
    chunk: Chunk,
    *,
    fresh: bool,
    replica: bool,
    binary: bool = False,
    session_sql: Sequence[str] = (),
) -> str:
    """The writer's commands up to the end of the data.

    `fresh`: the table was created by this clone, so a whole-table chunk may truncate it and
    load with FREEZE (rows are written frozen: no hint-bit rewrite of every page afterwards).
    `replica`: fire no triggers and check no foreign keys (`--data-only`).
    `binary`: the binary COPY format, which both sides parse faster; only used between servers
    of one major version for tables of built-in types (see `use_binary`).
    """
    # A chunk's commit need not wait for its WAL flush: the done mark commits with the rows (a
    # crash loses both), and the clone's last write (dropping the resume state) is a
    # synchronous commit, which flushes all the WAL before it.
    lines = [f"{statement};" for statement in session_sql]
    lines.append("SET synchronous_commit = off;")
    if replica:
        lines.append("SET session_replication_role = replica;")
    lines.append("BEGIN;")
    freeze = fresh and chunk.is_whole
    if freeze:
        lines.append(f"TRUNCATE ONLY {chunk.table.ident.as_string(None)};")
    opts = [o for o in ("freeze" if freeze else "", "format binary" if binary else "") if o]
    with_ = f" with ({', '.join(opts)})" if opts else ""
    lines.append(f"\\copy {copy_target_text(chunk)} from pstdin{with_}")
    return "\n".join(lines) + "\n"


def use_binary(chunk: Chunk, *, same_major: bool) -> bool:
    """Binary COPY is safe when both servers share a major version and every column has a
    built-in type (a user type's binary form carries OIDs that differ between databases)."""
    return same_major and chunk.table.builtin_types


class CopyJob:
    """One chunk: a reader and a writer psql joined by a pipe."""

    def __init__(
        self,
        chunk: Chunk,
        *,
        source: str,
        target: str,
        snapshot_sql: list[str],
        target_sql: list[str],
        workdir: Path,
        fresh: bool,
        replica: bool,
        binary: bool = False,
    ) -> None:
        self.chunk = chunk
        self.label = chunk.label
        self._source = source
        self._target = target
        self._snapshot_sql = snapshot_sql
        self._target_sql = target_sql
        self._fresh = fresh
        self._replica = replica
        self._binary = binary
        stem = workdir / f"copy-{uuid.uuid4().hex}"  # table names may hold any character
        self._errs = {"reader": Path(f"{stem}.reader.err"), "writer": Path(f"{stem}.writer.err")}
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._control: int | None = None
        self._copied: int | None = None

    @property
    def copied(self) -> int | None:
        """Bytes of COPY data the reader has written into the pipe so far (all it writes, but
        for error messages into its error file), as last read by `measure` and once more as it
        exits; None where that cannot be read."""
        return self._copied

    def measure(self) -> int | None:
        """Read how many bytes the reader has written so far (see `copied`)."""
        reader = self._procs.get("reader")
        if reader is not None and reader.returncode is None:  # not reaped: the pid is its own
            count = written_bytes(reader.pid)
            if count is not None:
                self._copied = count
        return self._copied

    def start(self) -> list[subprocess.Popen[bytes]]:
        args: list[str] = []
        for statement in [*self._snapshot_sql, reader_sql(self.chunk, binary=self._binary)]:
            args += ["-c", statement]
        with open(self._errs["reader"], "wb") as err:
            reader = spawn(
                "psql", psql_args(*args), self._source, stdout=subprocess.PIPE, stderr=err
            )
        control_read, control_write = os.pipe()
        try:
            with open(self._errs["writer"], "wb") as err:
                writer = spawn(
                    "psql",
                    psql_args("-f", f"/dev/fd/{control_read}"),
                    self._target,
                    stdin=reader.stdout,
                    stderr=err,
                    pass_fds=[control_read],
                )
        finally:
            os.close(control_read)
            assert reader.stdout is not None
            reader.stdout.close()  # the writer holds it now; the reader gets SIGPIPE if it dies
        self._control = control_write
        os.write(
            control_write,
            writer_head(
                self.chunk,
                fresh=self._fresh,
                replica=self._replica,
                binary=self._binary,
                session_sql=self._target_sql,
            ).encode(),
        )
        self._procs = {"reader": reader, "writer": writer}
        return [reader, writer]

    def exiting(self, proc: subprocess.Popen[bytes]) -> None:
        if proc is self._procs.get("reader"):
            self.measure()  # the final count, before the reader is reaped

    def exited(self, proc: subprocess.Popen[bytes]) -> None:
        if proc is self._procs.get("reader") and self._control is not None:
            if proc.returncode == 0:
                with contextlib.suppress(OSError):  # a writer that already failed says why
                    os.write(self._control, (chunk_done_sql(self.chunk) + "COMMIT;\n").encode())
            self._close_control()

    def finish(self) -> str | None:
        self._close_control()
        failed = [role for role, p in self._procs.items() if p.returncode != 0]
        if not failed:
            return None
        # A writer that fails kills the reader with SIGPIPE; a reader that fails may make the
        # writer fail on the cut stream. The cause is the reader unless SIGPIPE ended it.
        reader_code = self._procs["reader"].returncode
        role = "reader" if reader_code not in (0, -signal.SIGPIPE) else "writer"
        if role not in failed:
            role = failed[0]
        side = "reading the source" if role == "reader" else "writing the target"
        text = self._errs[role].read_text(errors="replace")
        return f"{self.label}: {side} failed: {tidy_stderr(text)}"

    def abort(self) -> None:
        for proc in self._procs.values():
            if proc.poll() is None:
                proc.kill()
        self._close_control()

    def _close_control(self) -> None:
        if self._control is not None:
            os.close(self._control)
            self._control = None


class PsqlJob:
    """One psql run (a script or some statements); its stdout is kept in `.output`."""

    def __init__(self, label: str, args: list[str], dsn: str, *, workdir: Path, key: str) -> None:
        self.label = label
        self._args = args
        self._dsn = dsn
        self._out = workdir / f"{key}.out"
        self._err = workdir / f"{key}.err"
        self._proc: subprocess.Popen[bytes] | None = None
        self.output = ""
        self.error = ""  # psql's stderr, kept whole
        self.table: str | None = None  # a table whose rows must be copied before this runs

    @property
    def script(self) -> Path:
        """The file this job runs (`-f`)."""
        return Path(self._args[self._args.index("-f") + 1])

    def start(self) -> list[subprocess.Popen[bytes]]:
        with open(self._out, "wb") as out, open(self._err, "wb") as err:
            self._proc = spawn("psql", psql_args(*self._args), self._dsn, stdout=out, stderr=err)
        return [self._proc]

    def exiting(self, proc: subprocess.Popen[bytes]) -> None:
        pass

    def exited(self, proc: subprocess.Popen[bytes]) -> None:
        pass

    def finish(self) -> str | None:
        assert self._proc is not None
        self.output = self._out.read_text(errors="replace")
        if self._proc.returncode == 0:
            return None
        self.error = self._err.read_text(errors="replace")
        return f"{self.label}: {tidy_stderr(self.error)}"

    def abort(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
