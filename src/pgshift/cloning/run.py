"""`clone()`: the phases of a clone, in order (see docs/moves.md, "clone")."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import psycopg

from ..db import connect, describe_dsn, redact_dsn
from ..errors import CloneError
from . import inprocess, preflight, state
from .catalog import SequenceValue, Table, load_sequences, load_tables
from .context import HASH_RECORD_VERSION, Run
from .data import built_with_schema, copy_rows, plan
from .options import CloneOptions, CloneResult, Mode, TableReport
from .plan import Chunk
from .postdata import (
    in_open_transaction,
    plan_post_data,
    refresh_materialized_views,
    rehearsal_sql,
    run_serial,
    serial_job,
)
from .progress import Progress
from .schema import Entry, SchemaScripts, create_schema, dump_archive, render_scripts
from .sequences import compare_sequences, set_sequences
from .snapshot import Snapshot
from .verify import checksum_tables, model_difference, normalized_schema, schema_difference


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
                run = Run(source, target, options or CloneOptions(), src, tgt, Path(tmp), progress)
                try:
                    return _clone(run)
                except psycopg.Error as exc:
                    raise CloneError(_stopped(exc, wrote=run.wrote)) from exc
        finally:
            tgt.close()
            progress.close()
    finally:
        src.close()


def _clone(run: Run) -> CloneResult:
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
            entries = _post_data_entries(scripts, snap)
            planned: list[Chunk] = []
            run.wrote = found is not None  # an interrupted clone's state is there already
            if phase == "pre-data":
                planned = _create_schema(
                    run, snap, tables, scripts, entries, resumed=found is not None
                )
                run.wrote, phase = True, "data"
        reports = copy_rows(run, snap, tables, scripts, entries, planned=planned)
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


def _create_schema(
    run: Run,
    snap: Snapshot,
    tables: Sequence[Table],
    scripts: SchemaScripts | None,
    entries: Sequence[Entry],
    *,
    resumed: bool,
) -> list[Chunk]:
    """The first write: the resume state (unless resumed) and pre-data, committed together;
    returns the chunk plan of a new full clone (empty otherwise)."""
    start = "" if resumed else state.create_state_sql(run.mode, owners=run.options.owners)
    if scripts is None:  # --data-only: the resume state is all there is to create
        with run.tgt.transaction():
            run.tgt.execute(start + state.set_phase_sql("data"))
        return []
    planned = plan(snap.conn, tables, run.options) if run.mode is Mode.FULL else []
    # Keys and indexes of tables copied in this process are built now, on empty tables, and
    # kept; the rest of post-data is tried and rolled back.
    kept = built_with_schema(entries, planned, run.mode)
    steps = {e.step for e in kept}
    rest = [e for e in entries if e.step not in steps]
    create_schema(
        scripts,
        run.target,
        run.workdir,
        describe=_versions(run),
        before=start,
        kept=in_open_transaction(scripts, kept),
        rehearsed=rehearsal_sql(scripts, rest) if kept else None,
        after=state.set_phase_sql("data"),
        resumed=resumed,
    )
    return planned


def _versions(run: Run) -> str:
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
    run: Run,
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


def _post_data(
    run: Run, snap: Snapshot, scripts: SchemaScripts | None, entries: Sequence[Entry]
) -> None:
    """Foreign keys, triggers, policies and the rest, then materialized views."""
    if scripts is not None:
        done = state.done_steps(run.tgt)
        job = serial_job(scripts, entries, run.target, run.workdir, done=done)
        run_serial(job, on_done=lambda j: run.progress.step_done(j.label))
    refresh_materialized_views(snap.conn, run.tgt)
    state.set_phase(run.tgt, "finish")


def _verify(
    run: Run,
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
    run: Run, snap: Snapshot, tables: Sequence[Table], reports: Sequence[TableReport]
) -> tuple[list[TableReport], list[str]]:
    by_value = run.same_major and int(run.src.info.server_version) >= HASH_RECORD_VERSION
    small = [t for t in tables if inprocess.is_small_table(t)]
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
        [t for t in tables if not inprocess.is_small_table(t)],
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
