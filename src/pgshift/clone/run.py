"""`clone()`: the phases of a clone, in order (see docs/moves.md, "clone")."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from ..db import describe_dsn, redact_dsn
from ..errors import CloneError
from . import preflight, state
from ._runner import Job, run_jobs
from .catalog import SequenceValue, Table, load_sequences, load_tables
from .options import CloneOptions, CloneResult, Mode, TableReport
from .plan import Chunk, choose_split_bytes, plan_chunks
from .postdata import post_data_jobs, refresh_materialized_views, run_post_data
from .progress import Progress
from .schema import SchemaScripts, apply_pre_data, dump_archive, rehearse, render_scripts
from .sequences import compare_sequences, set_sequences
from .snapshot import Snapshot
from .streams import CopyJob
from .verify import (
    checksum_tables,
    model_difference,
    normalized_schema,
    schema_difference,
)

TID_RANGE_SCAN_VERSION = 140000  # ctid ranges are read with a TID Range Scan from 14 on


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str, progress: Progress) -> Iterator[None]:
        progress.phase(name)
        start = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - start


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
    options = options or CloneOptions()
    progress = progress or Progress()
    clock = _Clock()
    src = preflight.open_side(source, "source")
    try:
        tgt = preflight.open_side(target, "target")
        try:
            with tempfile.TemporaryDirectory(prefix="pgshift-clone-") as tmp:
                return _clone(source, target, options, src, tgt, Path(tmp), progress, clock)
        finally:
            tgt.close()
            progress.close()
    finally:
        src.close()


def _clone(
    source: str,
    target: str,
    options: CloneOptions,
    src: psycopg.Connection[Any],
    tgt: psycopg.Connection[Any],
    workdir: Path,
    progress: Progress,
    clock: _Clock,
) -> CloneResult:
    mode = options.mode
    preflight.check_distinct(src, tgt, target_dsn=target)
    found = state.read_state(tgt)
    resumed = preflight.check_resume(found, resume=options.resume, mode=mode)
    phase = found.phase if found else "pre-data"
    if phase == "pre-data" and mode is not Mode.DATA_ONLY:
        preflight.check_empty(tgt)
    with Snapshot(source) as snap:
        with clock.phase("schema", progress):
            tables = load_tables(snap.conn)
            sequences = load_sequences(snap.conn)
            if mode is Mode.DATA_ONLY:
                preflight.check_data_only(tgt, tables, sequences, resumed=resumed)
                scripts = None
            else:
                scripts = _scripts(source, snap.id, tgt, workdir)
                if phase == "pre-data":
                    describe = f"source {preflight.version_label(src)}, target {preflight.version_label(tgt)}"
                    rehearse(scripts, target, workdir, describe=describe)
            # The first write.
            if found is None:
                state.create_state(tgt, mode)
            if phase == "pre-data":
                if scripts is not None:
                    apply_pre_data(scripts, target, workdir)
                phase = "data"
                state.set_phase(tgt, phase)
        reports = _data_phase(
            source,
            target,
            options,
            snap,
            tables,
            tgt,
            workdir,
            progress,
            clock,
            copy=phase == "data" and mode is not Mode.SCHEMA_ONLY,
        )
        if phase == "data":
            phase = "post-data"
            state.set_phase(tgt, phase)
        with clock.phase("post-data", progress):
            if scripts is not None:
                done = state.done_steps(tgt)
                groups = post_data_jobs(scripts, target, workdir, done=done, track=True)
                run_post_data(
                    groups, jobs=options.jobs, on_done=lambda job: progress.step_done(job.label)
                )
            refresh_materialized_views(snap.conn, tgt)
            state.set_phase(tgt, "finish")
        with clock.phase("sequences", progress):
            set_sequences(tgt, sequences)
        state.drop_state(tgt)
        result_tables = reports
        schema_check = "skipped"
        if options.verify:
            with clock.phase("verify", progress):
                result_tables, schema_check = _verify(
                    source,
                    target,
                    options,
                    snap,
                    src,
                    tgt,
                    tables,
                    sequences,
                    reports,
                    workdir,
                    progress,
                )
    return CloneResult(
        source=redact_dsn(describe_dsn(source)),
        target=redact_dsn(describe_dsn(target)),
        mode=mode,
        resumed=resumed,
        tables=result_tables,
        sequences=len(sequences),
        verified=options.verify,
        schema_check=schema_check,
        seconds=clock.seconds,
    )


def _scripts(
    source: str, snapshot_id: str, tgt: psycopg.Connection[Any], workdir: Path
) -> SchemaScripts:
    archive = workdir / "schema.dump"
    dump_archive(source, snapshot_id, archive)
    return render_scripts(archive, target_settings=preflight.target_settings(tgt))


def _data_phase(
    source: str,
    target: str,
    options: CloneOptions,
    snap: Snapshot,
    tables: Sequence[Table],
    tgt: psycopg.Connection[Any],
    workdir: Path,
    progress: Progress,
    clock: _Clock,
    *,
    copy: bool,
) -> list[TableReport]:
    """Copy the rows (when `copy`); return one report per table."""
    if options.mode is Mode.SCHEMA_ONLY:
        return []
    with clock.phase("data", progress):
        chunks, done = state.load_chunks(tgt, tables)
        if not chunks:
            chunks = _plan(snap.conn, tables, options)
            state.save_chunks(tgt, chunks)
        if copy:
            _copy(source, target, options, snap, chunks, done, workdir, progress)
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.table.label] = chunk.count
    return [TableReport(t.label, counts.get(t.label, 1), t.bytes) for t in tables]


def _plan(
    conn: psycopg.Connection[Any], tables: Sequence[Table], options: CloneOptions
) -> list[Chunk]:
    row = conn.execute("select current_setting('block_size')::int").fetchone()
    block_size = int(row[0]) if row else 8192
    split = options.split_bytes or choose_split_bytes(tables, options.jobs)
    can_split = int(conn.info.server_version) >= TID_RANGE_SCAN_VERSION
    return plan_chunks(tables, split_bytes=split, block_size=block_size, can_split=can_split)


def _copy(
    source: str,
    target: str,
    options: CloneOptions,
    snap: Snapshot,
    chunks: Sequence[Chunk],
    done: set[tuple[str, str, int]],
    workdir: Path,
    progress: Progress,
) -> None:
    data_only = options.mode is Mode.DATA_ONLY
    jobs: list[Job] = [
        CopyJob(
            c,
            source=source,
            target=target,
            snapshot_sql=snap.import_sql(),
            workdir=workdir,
            fresh=not data_only,
            replica=data_only,
        )
        for c in chunks
        if (c.table.schema, c.table.name, c.index) not in done
    ]

    def started(job: Job) -> None:
        assert isinstance(job, CopyJob)
        progress.chunk_started(job.label, job.chunk.table.bytes // job.chunk.count)

    failures = run_jobs(
        jobs,
        limit=options.jobs,
        on_start=started,
        on_done=lambda job: progress.chunk_done(job.label),
    )
    if failures:
        raise CloneError(
            f"copying rows failed: {failures[0][1]}; the target holds the chunks copied so far "
            "(each one whole); fix the cause and run again with --resume, or drop the target"
        )


def _verify(
    source: str,
    target: str,
    options: CloneOptions,
    snap: Snapshot,
    src: psycopg.Connection[Any],
    tgt: psycopg.Connection[Any],
    tables: Sequence[Table],
    sequences: Sequence[SequenceValue],
    reports: Sequence[TableReport],
    workdir: Path,
    progress: Progress,
) -> tuple[list[TableReport], str]:
    problems: list[str] = []
    checked = list(reports)
    if options.mode is not Mode.SCHEMA_ONLY:
        sums = checksum_tables(
            tables,
            source=source,
            target=target,
            snapshot_sql=snap.import_sql(),
            workdir=workdir,
            jobs=options.jobs,
            on_done=lambda job: progress.step_done(job.label),
        )
        checked = []
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
    problems += compare_sequences(sequences, load_sequences(tgt))
    schema_check = "skipped"
    if options.mode is not Mode.DATA_ONLY:
        difference = schema_difference(
            normalized_schema(source, snapshot_id=snap.id), normalized_schema(target)
        )
        if difference:
            problems.append(f"the schemas differ (pg_dump --schema-only):\n{difference}")
        changes = model_difference(snap.conn, tgt)
        schema_check = "pg_dump" if changes is None else "diff+pg_dump"
        if changes:
            problems.append("pgshift diff finds differences: " + "; ".join(changes[:10]))
    if problems:
        raise CloneError(
            "the clone finished but verification failed; the target differs from the source's "
            "snapshot:\n  - " + "\n  - ".join(problems)
        )
    return checked, schema_check
