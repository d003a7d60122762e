"""`clone()`: the phases of a clone, in order (see docs/moves.md, "clone")."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from ..db import connect, describe_dsn, redact_dsn
from ..errors import CloneError
from . import inprocess, preflight, state
from ._runner import Job, run_jobs
from ._tools import session_settings
from .catalog import SequenceValue, Table, load_sequences, load_tables
from .options import CloneOptions, CloneResult, Mode, TableReport
from .plan import Chunk, choose_split_bytes, plan_chunks
from .postdata import (
    index_jobs,
    plan_post_data,
    refresh_materialized_views,
    run_serial,
    serial_job,
)
from .progress import Progress
from .schema import (
    Entry,
    SchemaScripts,
    create_schema,
    dump_archive,
    render_scripts,
)
from .sequences import compare_sequences, set_sequences
from .snapshot import Snapshot
from .streams import CopyJob, PsqlJob, use_binary
from .verify import checksum_tables, model_difference, normalized_schema, schema_difference

TID_RANGE_SCAN_VERSION = 140000  # ctid ranges are read with a TID Range Scan from 14 on
HASH_RECORD_VERSION = 140000  # hash_record_extended() exists from 14 on


@dataclass
class _Run:
    """Everything one clone run shares between its phases."""

    source: str
    target: str
    options: CloneOptions
    src: psycopg.Connection[Any]
    tgt: psycopg.Connection[Any]
    workdir: Path
    progress: Progress
    seconds: dict[str, float] = field(default_factory=dict)
    wrote: bool = False  # whether anything was written to the target yet

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.progress.phase(name)
        start = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - start

    @property
    def mode(self) -> Mode:
        return self.options.mode

    @property
    def target_session(self) -> list[str]:
        """What every target session runs first (see `session_settings`)."""
        return session_settings(int(self.tgt.info.server_version))

    @property
    def same_major(self) -> bool:
        return (
            int(self.src.info.server_version) // 10000 == int(self.tgt.info.server_version) // 10000
        )


def clone(
    source: str,
    target: str,
    options: CloneOptions | None = None,
    *,
    progress: Progress | None = None,
) -> CloneResult:
    """Copy the source database into the target: schema, rows, sequences; then verify.

    Everything is read in one exported snapshot of the source, which is never written to.
    Raises CloneError (or ConnectionFailedError) with what went wrong and the target's state;
    every refusal (unreachable server, same database, non-empty target, a schema the target
    cannot hold) happens before the first write.
    """
    progress = progress or Progress()
    src = preflight.open_side(source, "source")
    try:
        tgt = preflight.open_side(target, "target")
        try:
            with tempfile.TemporaryDirectory(prefix="pgshift-clone-") as tmp:
                run = _Run(source, target, options or CloneOptions(), src, tgt, Path(tmp), progress)
                try:
                    return _clone(run)
                except psycopg.Error as exc:
                    raise CloneError(_stopped(exc, wrote=run.wrote)) from exc
        finally:
            tgt.close()
            progress.close()
    finally:
        src.close()


def _clone(run: _Run) -> CloneResult:
    preflight.check_distinct(run.src, run.tgt, target_dsn=run.target)
    if run.mode is not Mode.SCHEMA_ONLY:
        preflight.check_copyable(run.src)
    found = state.read_state(run.tgt)
    resumed = preflight.check_resume(
        found, resume=run.options.resume, mode=run.mode, owners=run.options.owners
    )
    phase = found.phase if found else "pre-data"
    if phase == "pre-data" and run.mode is not Mode.DATA_ONLY:
        preflight.check_empty(run.tgt)
    with Snapshot(run.source) as snap:
        with run.phase("schema"):
            tables = load_tables(snap.conn)
            sequences = load_sequences(snap.conn)
            scripts = _prepare(run, snap, tables, sequences, resumed=resumed)
            run.wrote = found is not None  # an interrupted clone's state is there already
            if phase == "pre-data":
                # The first write: the resume state and pre-data, committed together.
                start = "" if found else state.create_state_sql(run.mode, owners=run.options.owners)
                if scripts is None:  # --data-only: the resume state is all there is to create
                    with run.tgt.transaction():
                        run.tgt.execute(start + state.set_phase_sql("data"))
                else:
                    create_schema(
                        scripts,
                        run.target,
                        run.workdir,
                        describe=_versions(run),
                        before=start,
                        after=state.set_phase_sql("data"),
                        resumed=found is not None,
                    )
                run.wrote, phase = True, "data"
        entries = _post_data_entries(scripts, snap)
        reports = _data(run, snap, tables, scripts, entries)
        if phase == "data":
            phase = "post-data"
            state.set_phase(run.tgt, phase)
        with run.phase("post-data"):
            _post_data(run, snap, scripts, entries)
        with run.phase("sequences"):
            set_sequences(run.tgt, sequences)
        state.drop_state(run.tgt)
        schema_check = "skipped"
        if run.options.verify:
            with run.phase("verify"):
                reports, schema_check = _verify(run, snap, tables, sequences, reports)
    return CloneResult(
        source=redact_dsn(describe_dsn(run.source)),
        target=redact_dsn(describe_dsn(run.target)),
        mode=run.mode,
        resumed=resumed,
        tables=reports,
        sequences=len(sequences),
        verified=run.options.verify,
        schema_check=schema_check,
        seconds=run.seconds,
    )


def _versions(run: _Run) -> str:
    return f"source {preflight.version_label(run.src)}, target {preflight.version_label(run.tgt)}"


def _stopped(exc: psycopg.Error, *, wrote: bool) -> str:
    """A server error in the middle of a clone, and what state it leaves the target in."""
    detail = redact_dsn(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc))
    if not wrote:
        return f"the clone stopped: {detail}; nothing was written to the target"
    return (
        f"the clone stopped: {detail}; the target holds an unfinished clone (schema "
        "pgshift_clone): fix the cause and run again with --resume, or drop the target"
    )


def _prepare(
    run: _Run,
    snap: Snapshot,
    tables: Sequence[Table],
    sequences: Sequence[SequenceValue],
    *,
    resumed: bool,
) -> SchemaScripts | None:
    """Checks that need the source's catalog; the schema scripts (None for --data-only)."""
    preflight.check_names(tables)
    if run.mode is Mode.DATA_ONLY:
        preflight.check_data_only(run.tgt, tables, sequences, resumed=resumed)
        return None
    archive = run.workdir / "schema.dump"
    dump_archive(run.source, snap.id, archive)
    return render_scripts(
        archive, target_settings=preflight.target_settings(run.tgt), owners=run.options.owners
    )


def _post_data_entries(scripts: SchemaScripts | None, snap: Snapshot) -> list[Entry]:
    if scripts is None:
        return []
    if not scripts.entries:  # the script could not be cut: it runs whole, after the rows
        return [Entry(0, "SCRIPT", "Name: post-data; Type: SCRIPT", scripts.post_data)]
    return plan_post_data(scripts.entries, snap.conn)


def _data(
    run: _Run,
    snap: Snapshot,
    tables: Sequence[Table],
    scripts: SchemaScripts | None,
    entries: Sequence[Entry],
) -> list[TableReport]:
    """Copy the rows not copied yet and, as each table's rows are in, build its keys and
    indexes (`--jobs` processes at a time for both); return one report per table."""
    with run.phase("data"):
        chunks, done = state.load_chunks(run.tgt, tables)
        if not chunks and run.mode is not Mode.SCHEMA_ONLY:
            chunks = _plan(snap.conn, tables, run.options)
            state.save_chunks(run.tgt, chunks)
        todo = [c for c in chunks if state.chunk_key(c) not in done]
        small = [c for c in todo if inprocess.is_small(c)]
        _copy_small(run, snap, small)
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
        _run_data_jobs(run, copies, builds)
    if run.mode is Mode.SCHEMA_ONLY:
        return []
    counts = {chunk.table.label: chunk.count for chunk in chunks}
    return [TableReport(t.label, counts.get(t.label, 1), t.bytes) for t in tables]


def _plan(
    conn: psycopg.Connection[Any], tables: Sequence[Table], options: CloneOptions
) -> list[Chunk]:
    row = conn.execute("select current_setting('block_size')::int").fetchone()
    block_size = int(row[0]) if row else 8192
    split = options.split_bytes
    if split is None:
        split = choose_split_bytes(tables, options.jobs)
    can_split = int(conn.info.server_version) >= TID_RANGE_SCAN_VERSION
    return plan_chunks(tables, split_bytes=split, block_size=block_size, can_split=can_split)


def _copy_small(run: _Run, snap: Snapshot, chunks: Sequence[Chunk]) -> None:
    try:
        inprocess.copy_tables(
            chunks,
            source=run.source,
            target=run.target,
            snapshot_sql=snap.import_sql(),
            target_sql=run.target_session,
            replica=run.mode is Mode.DATA_ONLY,
            same_major=run.same_major,
            on_start=lambda c: run.progress.chunk_started(c.label, c.table.bytes),
            on_done=lambda c: run.progress.chunk_done(c.label),
        )
    except inprocess.CopyFailed as exc:
        raise CloneError(_copy_failed("copying rows", str(exc))) from exc


def _copy_failed(what: str, message: str) -> str:
    return (
        f"{what} failed: {message}; the target holds the tables copied so far (each "
        "chunk whole) and the indexes built; fix the cause and run again with --resume, "
        "or drop the target"
    )


def _copy_jobs(run: _Run, snap: Snapshot, chunks: Sequence[Chunk]) -> list[CopyJob]:
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


def _run_data_jobs(run: _Run, copies: list[CopyJob], builds: list[PsqlJob]) -> None:
    """Copies first (largest first), then index builds whose table has all its rows."""
    waiting: dict[str, int] = {}
    for copy in copies:
        waiting[copy.chunk.table.label] = waiting.get(copy.chunk.table.label, 0) + 1

    def started(job: Job) -> None:
        if isinstance(job, CopyJob):
            run.progress.chunk_started(job.label, job.chunk.table.bytes // job.chunk.count)

    def finished(job: Job) -> None:
        if isinstance(job, CopyJob):
            waiting[job.chunk.table.label] -= 1
            run.progress.chunk_done(job.label)
        else:
            run.progress.step_done(job.label)

    def ready(job: Job) -> bool:
        table = getattr(job, "table", None)
        return isinstance(job, CopyJob) or not waiting.get(table or "", 0)

    all_jobs: list[Job] = [*copies, *builds]
    failures = run_jobs(
        all_jobs,
        limit=run.options.jobs,
        on_start=started,
        on_done=finished,
        is_ready=ready,
        on_tick=run.progress.tick,
    )
    if failures:
        failed, message = failures[0]
        what = "copying rows" if isinstance(failed, CopyJob) else "building keys and indexes"
        raise CloneError(_copy_failed(what, message))


def _post_data(
    run: _Run, snap: Snapshot, scripts: SchemaScripts | None, entries: Sequence[Entry]
) -> None:
    """Foreign keys, triggers, policies and the rest, then materialized views."""
    if scripts is not None:
        done = state.done_steps(run.tgt)
        job = serial_job(scripts, entries, run.target, run.workdir, done=done)
        run_serial(job, on_done=lambda j: run.progress.step_done(j.label))
    refresh_materialized_views(snap.conn, run.tgt)
    state.set_phase(run.tgt, "finish")


def _verify(
    run: _Run,
    snap: Snapshot,
    tables: Sequence[Table],
    sequences: Sequence[SequenceValue],
    reports: Sequence[TableReport],
) -> tuple[list[TableReport], str]:
    """Compare the target with the snapshot; raise CloneError listing every difference."""
    problems: list[str] = []
    checked = list(reports)
    if run.mode is not Mode.SCHEMA_ONLY:
        checked, problems = _verify_rows(run, snap, tables, reports)
    problems += compare_sequences(sequences, load_sequences(run.tgt))
    schema_check = "skipped"
    if run.mode is not Mode.DATA_ONLY:
        difference = schema_difference(
            normalized_schema(run.source, snapshot_id=snap.id, owners=run.options.owners),
            normalized_schema(run.target, owners=run.options.owners),
        )
        if difference:
            problems.append(f"the schemas differ (pg_dump --schema-only):\n{difference}")
        changes = model_difference(snap.conn, run.tgt, owners=run.options.owners)
        schema_check = "pg_dump" if changes is None else "diff+pg_dump"
        if changes:
            problems.append("pgshift diff finds differences: " + "; ".join(changes[:10]))
    if problems:
        raise CloneError(
            "the clone finished but verification failed; the target differs from the source's "
            "snapshot:\n  - " + "\n  - ".join(problems)
        )
    return checked, schema_check


def _verify_rows(
    run: _Run, snap: Snapshot, tables: Sequence[Table], reports: Sequence[TableReport]
) -> tuple[list[TableReport], list[str]]:
    by_value = run.same_major and int(run.src.info.server_version) >= HASH_RECORD_VERSION
    small = [t for t in tables if t.bytes <= inprocess.SMALL_TABLE_BYTES]
    with connect(run.target, autocommit=True) as target:
        for statement in run.target_session:
            target.execute(statement)
        sums = inprocess.checksums(
            small,
            source=snap.conn,
            target=target,
            by_value=by_value,
            on_done=run.progress.step_done,
        )
    sums |= checksum_tables(
        [t for t in tables if t.bytes > inprocess.SMALL_TABLE_BYTES],
        source=run.source,
        target=run.target,
        snapshot_sql=snap.import_sql(),
        target_sql=run.target_session,
        workdir=run.workdir,
        jobs=run.options.jobs,
        by_value=by_value,
        on_done=lambda job: run.progress.step_done(job.label),
    )
    checked, problems = [], []
    for report in reports:
        want, got = sums[report.name]
        if want != got:
            problems.append(
                f"table {report.name}: source {want.rows} rows (checksum {want.checksum}), "
                f"target {got.rows} rows (checksum {got.checksum})"
            )
        checked.append(
            TableReport(report.name, report.chunks, report.bytes, want.rows, want == got)
        )
    return checked, problems
