"""The data phase: rows copied (small tables in this process, the rest by psql pairs, `--jobs`
at a time) while each table's keys and indexes are built as soon as its rows are in."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from ..db import connect
from ..errors import CloneError
from . import inprocess, largeobjects, state
from ._runner import Job, run_jobs
from .catalog import Table
from .context import TID_RANGE_SCAN_VERSION, Run
from .largeobjects import LargeObject
from .options import CloneOptions, Mode, TableReport
from .plan import Chunk, choose_split_bytes, plan_chunks
from .postdata import index_jobs
from .preflight import version_label
from .progress import CopyItem, Progress
from .schema import Entry, SchemaHead, SchemaScripts, schema_error, schema_failed
from .snapshot import Snapshot
from .streams import CopyJob, PsqlJob, use_binary

MEASURE_SECONDS = 0.1  # how often the running streams' byte counts are read


def copy_rows(
    run: Run,
    snap: Snapshot,
    tables: Sequence[Table],
    scripts: SchemaScripts | None,
    entries: Sequence[Entry],
    *,
    planned: Sequence[Chunk] = (),
    session: SchemaSession | None = None,
    between: Callable[[], None] = lambda: None,
    large_objects: Sequence[LargeObject] = (),
    spare: Sequence[Job] = (),
) -> list[TableReport]:
    """Copy the rows not copied yet and, as each table's rows are in, build its keys and
    indexes (`--jobs` processes at a time for both); return one report per table.

    `planned`: the chunk plan when the caller made it already (a new clone, whose schema
    `session` is creating: its psql then writes the small tables too).
    `between()`: work for this process while the target is busy (see `inprocess.copy_tables`).
    `spare`: jobs for the slots that copies and index builds leave free (verification's reads
    of the source), which never fail the phase.
    """
    with run.phase("data"):
        if session is not None:
            chunks, done = list(planned), set[tuple[str, str, int]]()
        else:
            chunks, done = state.load_chunks(run.tgt, tables)
            if not chunks and run.mode is not Mode.SCHEMA_ONLY:
                chunks = plan(snap.conn, tables, run.options)
                state.save_chunks(run.tgt, chunks)
        todo = [c for c in chunks if state.chunk_key(c) not in done]
        run.progress.data_planned([_planned(c) for c in todo])
        small = [c for c in todo if inprocess.is_small(c)]
        _copy_small(run, snap, small, session, between)
        if large_objects and largeobjects.STEP not in state.done_steps(run.tgt):
            _copy_large_objects(run, snap, large_objects)
        copies = _copy_jobs(run, snap, [c for c in todo if not inprocess.is_small(c)])
        builds: list[PsqlJob] = []
        if scripts is not None:
            # Every table whose rows are all in by now gets its keys and indexes built in a
            # few shared scripts rather than a psql process for each one.
            streaming = {c.chunk.table.label for c in copies}
            builds = index_jobs(
                scripts,
                entries,
                run.target,
                run.workdir,
                done=state.done_steps(run.tgt),
                batch=lambda table: table not in streaming,
                batches=run.options.jobs,
            )
        _run_data_jobs(run, copies, builds, list(spare) if copies else [])
    if run.mode is Mode.SCHEMA_ONLY:
        return []
    counts = {chunk.table.key: chunk.count for chunk in chunks}
    return [TableReport(t.label, counts.get(t.key, 1), t.bytes) for t in tables]


@dataclass
class SchemaSession:
    """The psql session creating the schema (see `schema.schema_head`), still running."""

    session: inprocess.TargetSession
    head: SchemaHead
    describe: str  # the servers' versions, for the error message
    resumed: bool  # whether the resume state was there before (then it stays on failure)


def start_schema(run: Run, head: SchemaHead, *, resumed: bool) -> SchemaSession:
    """Start the psql session that creates the schema; this process then feeds it rows."""
    session = inprocess.TargetSession(
        run.target, run.workdir, head=head.args, done_file=head.done_file
    )
    return SchemaSession(session, head, describe=_versions(run), resumed=resumed)


def _versions(run: Run) -> str:
    return f"source {version_label(run.src)}, target {version_label(run.tgt)}"


def _planned(chunk: Chunk) -> CopyItem:
    """A chunk as progress sees it: its share of its table's size and row estimate."""
    table = chunk.table
    rows = None if table.rows is None else table.rows / chunk.count
    return CopyItem(
        chunk.label, table.label, max(table.bytes, table.stored_bytes) // chunk.count, rows
    )


_INDEX_KINDS = ("INDEX", "KEY INDEX", "KEY USING INDEX")


def built_with_schema(entries: Sequence[Entry], chunks: Sequence[Chunk], mode: Mode) -> list[Entry]:
    """The keys and indexes cheapest built with the schema, on empty tables: those of tables
    whose rows go through this process (a few thousand rows then go into indexes that exist,
    instead of every index being tried empty, rolled back and built again), and every one in
    a --schema-only clone."""
    if mode is Mode.SCHEMA_ONLY:
        return [e for e in entries if e.group == 0 or e.kind == "KEY USING INDEX"]
    streamed = {c.table.label for c in chunks if not inprocess.is_small(c)}
    small = {c.table.label for c in chunks if inprocess.is_small(c)} - streamed
    # Indexes, and the keys that only name a unique index built here (ADD CONSTRAINT ... USING
    # INDEX: the index checks the rows as they come, as it did on the source). Not a constraint
    # left whole (a NOT NULL ... NOT VALID, say), which would check the rows about to come in a
    # way the source never asked of them.
    return [e for e in entries if e.kind in _INDEX_KINDS and e.table in small]


def plan(
    conn: psycopg.Connection[Any], tables: Sequence[Table], options: CloneOptions
) -> list[Chunk]:
    """The chunk plan of a new clone (see `plan.plan_chunks`)."""
    row = conn.execute("select current_setting('block_size')::int").fetchone()
    block_size = int(row[0]) if row else 8192
    split = options.split_bytes
    if split is None:
        split = choose_split_bytes(tables, options.jobs)
    can_split = int(conn.info.server_version) >= TID_RANGE_SCAN_VERSION
    return plan_chunks(tables, split_bytes=split, block_size=block_size, can_split=can_split)


def _copy_small(
    run: Run,
    snap: Snapshot,
    chunks: Sequence[Chunk],
    schema: SchemaSession | None,
    between: Callable[[], None],
) -> None:
    """Small tables through psql sessions on the target fed by this process: the schema's
    session when it is still running, and a second one once the schema is committed (see
    `inprocess`)."""
    if not chunks and schema is None:
        between()
        return
    sessions: list[inprocess.TargetSession] = [schema.session] if schema else []
    failed: inprocess.CopyFailed | None = None
    started = time.monotonic()
    try:
        _feed(run, snap, chunks, sessions, between)
    except inprocess.CopyFailed as exc:
        failed = exc  # the tables queued before it are complete: let psql commit them
    except BaseException:
        for session in sessions:
            session.kill()
        if schema is not None and not run.wrote:  # did the schema commit before psql died?
            with contextlib.suppress(psycopg.Error):
                run.wrote = state.read_state(run.tgt) is not None
        raise
    errors = [(session, session.close()) for session in sessions]
    if schema is not None:
        error = errors[0][1]
        if error is not None and schema_failed(schema.head, error):
            raise schema_error(schema.head, error, describe=schema.describe, resumed=schema.resumed)
        run.wrote = True
        _split_schema_time(run, started, schema.session.schema_done_at)
    if failed is not None:
        raise CloneError(_copy_failed("copying rows", str(failed))) from failed
    for session, error in errors:
        if error is not None:
            message = inprocess.write_failure(session, error)
            raise CloneError(_copy_failed("copying rows", message))


def _feed(
    run: Run,
    snap: Snapshot,
    chunks: Sequence[Chunk],
    sessions: list[inprocess.TargetSession],
    between: Callable[[], None],
) -> None:
    """Read the small tables and queue them for `sessions` (the schema's, if any, first; the
    sessions started are added to it); raise CopyFailed once what was read is handed over."""
    if not chunks:
        start = inprocess.session_start(run.target_session, encoding="UTF8", replica=False)
        sessions[0].write(start)
        between()
        return
    with inprocess.open_reader(run.source, snap.import_sql()) as reader:
        start = inprocess.session_start(
            run.target_session,
            encoding=inprocess.client_encoding(reader),
            replica=run.mode is Mode.DATA_ONLY,
        )

        def new_session() -> inprocess.TargetSession:
            session = inprocess.TargetSession(run.target, run.workdir)
            sessions.append(session)
            session.write(start)
            return session

        if sessions:
            sessions[0].write(start)
        else:
            new_session()
        feeder = inprocess.Feeder(sessions[0], more=new_session, limit=min(run.options.jobs, 2))
        try:
            inprocess.copy_tables(
                chunks,
                reader=reader,
                feeder=feeder,
                on_start=lambda c: run.progress.chunk_started(c.label, c.table.bytes),
                on_done=lambda c, size, rows: _small_done(run, c, size, rows),
                between=between,
            )
        except inprocess.CopyFailed:
            feeder.drain()
            raise


def _copy_large_objects(run: Run, snap: Snapshot, objects: Sequence[LargeObject]) -> None:
    """The large objects' bytes (and with --data-only their creation), in one transaction."""
    data_only = run.mode is Mode.DATA_ONLY
    create = largeobjects.creation_sql(objects, owners=run.options.owners) if data_only else ""
    label = f"{len(objects)} large objects"
    try:
        with (
            inprocess.open_reader(run.source, snap.import_sql()) as reader,
            connect(run.target, autocommit=True) as writer,
        ):
            for statement in [*run.target_session, "SET synchronous_commit = off"]:
                writer.execute(statement)
            largeobjects.copy_large_objects(objects, reader=reader, writer=writer, create=create)
    except psycopg.Error as exc:
        message = (exc.diag.message_primary or str(exc)).strip()
        raise CloneError(_copy_failed("copying large objects", message)) from exc
    run.progress.step_done(label)


def _split_schema_time(run: Run, started: float, schema_done: float | None) -> None:
    """The schema's session went on writing rows: the time until its commit was the schema's."""
    if schema_done is None or schema_done <= started:
        return
    run.seconds["schema"] = run.seconds.get("schema", 0.0) + schema_done - started
    run.seconds["data"] = run.seconds.get("data", 0.0) - (schema_done - started)


def _small_done(run: Run, chunk: Chunk, size: int, rows: int) -> None:
    run.progress.chunk_copied(chunk.label, size, rows)
    run.progress.chunk_done(chunk.label)
    run.progress.tick()


def _copy_failed(what: str, message: str) -> str:
    return (
        f"{what} failed: {message}; the target holds the tables copied so far (each "
        "chunk whole) and the indexes built; fix the cause and run again with --resume, "
        "or drop the target"
    )


def _copy_jobs(run: Run, snap: Snapshot, chunks: Sequence[Chunk]) -> list[CopyJob]:
    data_only = run.mode is Mode.DATA_ONLY
    return [
        CopyJob(
            chunk,
            source=run.source,
            target=run.target,
            snapshot_sql=snap.import_sql(),
            target_sql=run.target_session,
            workdir=run.workdir,
            fresh=not data_only,
            replica=data_only,
            binary=use_binary(chunk, same_major=run.same_major),
        )
        for chunk in chunks
    ]


def _run_data_jobs(
    run: Run, copies: list[CopyJob], builds: list[PsqlJob], spare: list[Job]
) -> None:
    """Copies first (largest first), then index builds whose table has all its rows, then
    `spare` jobs in slots left free."""
    waiting: dict[str, int] = {}
    for copy in copies:
        waiting[copy.chunk.table.label] = waiting.get(copy.chunk.table.label, 0) + 1
    gauges = _Gauges(run.progress)

    def started(job: Job) -> None:
        if isinstance(job, CopyJob):
            run.progress.chunk_started(job.label, job.chunk.table.bytes // job.chunk.count)
            gauges.started(job)

    def finished(job: Job) -> None:
        if isinstance(job, CopyJob):
            waiting[job.chunk.table.label] -= 1
            gauges.finished(job)
            run.progress.chunk_done(job.label)
        elif job not in spare:
            run.progress.step_done(job.label)

    def ready(job: Job) -> bool:
        table = getattr(job, "table", None)
        return isinstance(job, CopyJob) or not waiting.get(table or "", 0)

    all_jobs: list[Job] = [*copies, *builds, *spare]
    failures = run_jobs(
        all_jobs,
        limit=run.options.jobs,
        on_start=started,
        on_done=finished,
        is_ready=ready,
        on_tick=gauges.tick,
    )
    if failures:
        failed, message = failures[0]
        what = "copying rows" if isinstance(failed, CopyJob) else "building keys and indexes"
        raise CloneError(_copy_failed(what, message))


class _Gauges:
    """Reports how far the running streams have got, read at most every MEASURE_SECONDS (a
    file read per stream) and once more as each one ends."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._running: dict[str, CopyJob] = {}
        self._read = 0.0

    def started(self, job: CopyJob) -> None:
        self._running[job.label] = job

    def finished(self, job: CopyJob) -> None:
        self._running.pop(job.label, None)
        if job.copied is not None:  # counted as its reader exited
            self._progress.chunk_copied(job.label, job.copied)

    def tick(self) -> None:
        now = time.monotonic()
        if now - self._read >= MEASURE_SECONDS:
            self._read = now
            for job in self._running.values():
                copied = job.measure()
                if copied is not None:
                    self._progress.chunk_copied(job.label, copied)
        self._progress.tick()
