"""`clone()`: the phases of a clone, in order (see docs/moves.md, "clone")."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psycopg

from ..db import describe_dsn, redact_dsn
from ..errors import CloneError
from . import inprocess, preflight, state
from .catalog import SequenceValue, Table, TableKey, load_sequences, load_tables
from .context import HASH_RECORD_VERSION, Run
from .data import SchemaSession, built_with_schema, copy_rows, plan, start_schema
from .expected import SourceSide
from .largeobjects import (
    LargeObject,
    LargeObjectsCheck,
    check_large_objects,
    creation_sql,
    load_large_objects,
)
from .largeobjects import differences as large_object_differences
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
from .schema import ArchiveDump, Entry, SchemaScripts, render_scripts, schema_head
from .sequences import compare_sequences, set_sequences
from .snapshot import Snapshot
from .verify import (
    ChecksumJob,
    SchemaDump,
    TableCheck,
    checksum_tables,
    compare_models,
    load_schema_model,
    schema_difference,
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
    found = state.read_state(run.tgt)
    resumed = preflight.check_resume(
        found, resume=run.options.resume, mode=run.mode, owners=run.options.owners
    )
    phase = found.phase if found else "pre-data"
    if phase == "pre-data" and run.mode is not Mode.DATA_ONLY:
        preflight.check_empty(run.tgt)
    with Snapshot(run.source) as snap:
        with run.phase("schema"):
            # pg_dump reads the schema while this process reads the catalog.
            dump = None
            if run.mode is not Mode.DATA_ONLY:
                dump = ArchiveDump(run.source, snap.id, run.workdir / "schema.dump")
            try:
                tables = load_tables(snap.conn)
                sequences = load_sequences(snap.conn)
                objects = load_large_objects(snap.conn) if run.mode is not Mode.SCHEMA_ONLY else []
                scripts = _prepare(run, tables, sequences, dump, resumed=resumed)
            finally:
                if dump is not None:
                    dump.kill()
            entries = _post_data_entries(scripts, snap)
            expected = _source_side(run, snap, tables, scripts is not None)
            planned: list[Chunk] = []
            session: SchemaSession | None = None
            run.wrote = found is not None  # an interrupted clone's state is there already
            if phase == "pre-data":
                planned, session = _create_schema(
                    run, snap, tables, scripts, entries, objects, resumed=found is not None
                )
                run.wrote, phase = run.wrote or session is None, "data"
        reports = copy_rows(
            run,
            snap,
            tables,
            scripts,
            entries,
            planned=planned,
            session=session,
            between=expected.prepare if expected else lambda: None,
            large_objects=objects,
            spare=_early_checksums(run, snap, tables, expected),
        )
        if phase == "data":
            phase = "post-data"
            state.set_phase(run.tgt, phase)
        rows = _RowChecks(run, snap, tables, expected) if expected is not None else None
        with run.phase("post-data"):
            # The rows are all in: the target's are checked while post-data runs.
            _post_data(run, snap, scripts, entries, meanwhile=rows.early if rows else _nothing)
        with run.phase("sequences"):
            set_sequences(run.tgt, sequences)
        state.drop_state(run.tgt)
        schema_check = "skipped"
        if expected is not None:
            with run.phase("verify"):
                assert rows is not None
                reports, schema_check = _verify(run, sequences, reports, expected, rows)
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
    objects: Sequence[LargeObject],
    *,
    resumed: bool,
) -> tuple[list[Chunk], SchemaSession | None]:
    """The first write: the resume state (unless resumed), the chunk plan and pre-data,
    committed together by a psql session that goes on to write the small tables' rows (see
    `data.copy_rows`); returns the chunk plan of a new full clone (empty otherwise) and that
    session, still running (None for --data-only, whose state is written here)."""
    start = "" if resumed else state.create_state_sql(run.mode, owners=run.options.owners)
    if scripts is None:  # --data-only: the resume state is all there is to create
        with run.tgt.transaction():
            run.tgt.execute(start + state.set_phase_sql("data"))
        return [], None
    planned = plan(snap.conn, tables, run.options) if run.mode is Mode.FULL else []
    # Keys and indexes of tables copied in this process are built now, on empty tables, and
    # kept; the rest of post-data is tried and rolled back.
    kept = built_with_schema(entries, planned, run.mode)
    steps = {e.step for e in kept}
    rehearsed = [e for e in entries if e.step not in steps and _rehearsed(run, e)]
    head = schema_head(
        scripts,
        run.workdir,
        before=start + (state.save_chunks_sql(planned) if not resumed else ""),
        kept=in_open_transaction(scripts, kept),
        rehearsed=rehearsal_sql(scripts, rehearsed),
        after=state.set_phase_sql("data"),
        done_file=run.workdir / "schema-committed",
        large_objects=creation_sql(objects, owners=run.options.owners),
    )
    return planned, start_schema(run, head, resumed=resumed)


def _rehearsed(run: Run, entry: Entry) -> bool:
    """Whether a post-data entry is tried in the schema's transaction.

    Foreign keys are not, on a target of the source's major version or a newer one: pg_dump
    writes them as the source's server understands them, which such a target reads, and the
    source's rows satisfy them; one that fails later stops post-data, which --resume finishes.
    Trying them on tables created in the same transaction costs: 300 took 1.1 s on PostgreSQL
    15 (0.14 s on the same tables once committed), 0.08 s on 18.
    """
    if entry.kind != "FK CONSTRAINT":
        return True
    return int(run.tgt.info.server_version) // 10000 < int(run.src.info.server_version) // 10000


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
    tables: Sequence[Table],
    sequences: Sequence[SequenceValue],
    dump: ArchiveDump | None,
    *,
    resumed: bool,
) -> SchemaScripts | None:
    """Checks that need the source's catalog; the schema scripts (None for --data-only)."""
    preflight.check_names(tables)
    if dump is None:
        preflight.check_data_only(run.tgt, tables, sequences, resumed=resumed)
        return None
    return render_scripts(
        dump.wait(), target_settings=preflight.target_settings(run.tgt), owners=run.options.owners
    )


def _post_data_entries(scripts: SchemaScripts | None, snap: Snapshot) -> list[Entry]:
    if scripts is None:
        return []
    if not scripts.entries:  # the script could not be cut: it runs whole, after the rows
        return [Entry(0, "SCRIPT", "Name: post-data; Type: SCRIPT", scripts.post_data)]
    return plan_post_data(scripts.entries, snap.conn)


def _nothing() -> None:
    pass


def _post_data(
    run: Run,
    snap: Snapshot,
    scripts: SchemaScripts | None,
    entries: Sequence[Entry],
    *,
    meanwhile: Callable[[], None],
) -> None:
    """Foreign keys, triggers, policies and the rest (while this process runs `meanwhile`),
    then materialized views."""
    if scripts is not None:
        done = state.done_steps(run.tgt)
        job = serial_job(scripts, entries, run.target, run.workdir, done=done)
        run_serial(job, on_done=lambda j: run.progress.step_done(j.label), meanwhile=meanwhile)
    else:
        meanwhile()
    refresh_materialized_views(snap.conn, run.tgt)
    state.set_phase(run.tgt, "finish")


def _source_side(
    run: Run, snap: Snapshot, tables: Sequence[Table], has_schema: bool
) -> SourceSide | None:
    """The source's half of the verification (None with --no-verify), read while the target is
    busy."""
    if not run.options.verify:
        return None
    return SourceSide(
        snap.conn,
        tables,
        archive=run.workdir / "schema.dump" if has_schema else None,
        by_value=_by_value(run),
        owners=run.options.owners,
        rows=run.mode is not Mode.SCHEMA_ONLY,
        new_owner=_current_user(run.tgt),
    )


def _current_user(conn: psycopg.Connection[Any]) -> str:
    """The role a connection acts as (what `CURRENT_USER` means in the scripts it runs)."""
    row = conn.execute("SELECT CURRENT_USER").fetchone()
    assert row is not None
    return str(row[0])


def _early_checksums(
    run: Run, snap: Snapshot, tables: Sequence[Table], expected: SourceSide | None
) -> list[ChecksumJob]:
    """The source's checksums of the streamed tables, for a slot the data phase leaves free
    (with `--jobs 2` and one large table, one slot has nothing else to do)."""
    if expected is None or run.mode is Mode.SCHEMA_ONLY:
        return []
    return expected.checksum_jobs(
        tables, source=run.source, snapshot_sql=snap.import_sql(), workdir=run.workdir
    )


def _by_value(run: Run) -> bool:
    return run.same_major and int(run.src.info.server_version) >= HASH_RECORD_VERSION


def _verify(
    run: Run,
    sequences: Sequence[SequenceValue],
    reports: Sequence[TableReport],
    expected: SourceSide,
    rows: _RowChecks,
) -> tuple[list[TableReport], str]:
    """Compare the target with the snapshot; raise CloneError listing every difference."""
    problems: list[str] = []
    checked = list(reports)
    # The target's schema is dumped in the background while its catalog is read.
    dump = None
    if run.mode is not Mode.DATA_ONLY:
        dump = SchemaDump(run.target, run.workdir, owners=run.options.owners)
    if run.mode is not Mode.SCHEMA_ONLY:
        checked, problems = rows.compare(reports)
        problems += large_object_differences(expected.large_objects, rows.large_objects())
    problems += compare_sequences(sequences, load_sequences(run.tgt))
    schema_check = "skipped"
    if dump is not None:
        source_model = expected.model
        changes = None
        if source_model is not None:
            target_model = load_schema_model(run.tgt)
            if target_model is not None:
                changes = compare_models(source_model, target_model, owners=run.options.owners)
        difference = schema_difference(expected.schema or "", dump.result())
        if difference:
            problems.append(f"the schemas differ (pg_dump --schema-only):\n{difference}")
        schema_check = "pg_dump" if changes is None else "diff+pg_dump"
        if changes:
            problems.append("pgshift diff finds differences: " + "; ".join(changes[:10]))
    if problems:
        raise CloneError(
            "the clone finished but verification failed; the target differs from the source's "
            "snapshot:\n  - " + "\n  - ".join(problems)
        )
    return checked, schema_check


# While post-data runs, the target's checks wait for a lock at most half the server's
# deadlock_timeout: they give up before a deadlock with post-data's DDL could be detected (and
# post-data be the one cancelled), and are read again once post-data is done.
_GIVE_WAY = (
    "SELECT pg_catalog.set_config('lock_timeout', GREATEST(1, (EXTRACT(epoch FROM"
    " pg_catalog.current_setting('deadlock_timeout')::pg_catalog.interval) * 500)::int)::text,"
    " false)"
)


class _RowChecks:
    """Count and checksum of every table on both sides, computed once (`compute`), as soon as
    the rows are all in; an error is kept for `compare`, where verification reports it."""

    def __init__(
        self, run: Run, snap: Snapshot, tables: Sequence[Table], expected: SourceSide
    ) -> None:
        self._run, self._snap, self._tables, self._expected = run, snap, tables, expected
        self._sums: dict[TableKey, tuple[TableCheck, TableCheck]] | None = None
        self._objects: LargeObjectsCheck | None = None
        self._error: CloneError | None = None

    def early(self) -> None:
        """`compute` while post-data runs: giving way to its locks, and trying again after it
        (`compute`) when anything went wrong."""
        self.compute(give_way=True)

    def compute(self, *, give_way: bool = False) -> None:
        if self._sums is not None or self._error is not None:
            return
        if self._run.mode is Mode.SCHEMA_ONLY:
            self._sums = {}
            return
        try:
            self._sums = self._read(give_way=give_way)
            self._objects = check_large_objects(self._run.tgt, owners=self._run.options.owners)
        except (CloneError, psycopg.Error) as exc:
            if give_way:  # a lock post-data held, say: read again once post-data is done
                self._sums = self._objects = None
            elif isinstance(exc, CloneError):
                self._error = exc
            else:
                message = (exc.diag.message_primary or str(exc)).strip()
                self._error = CloneError(f"verification could not read the target: {message}")
        finally:
            if give_way:
                with contextlib.suppress(psycopg.Error):
                    self._run.tgt.execute("SET lock_timeout = 0")

    def large_objects(self) -> LargeObjectsCheck:
        """The target's large objects (see `largeobjects.check_large_objects`)."""
        self.compute()
        if self._error is not None:
            raise self._error
        assert self._objects is not None
        return self._objects

    def _read(self, *, give_way: bool) -> dict[TableKey, tuple[TableCheck, TableCheck]]:
        run = self._run
        small = [t for t in self._tables if inprocess.is_small_table(t)]
        want = self._expected.sums
        target_sql = [*run.target_session, *([_GIVE_WAY] if give_way else [])]
        for statement in target_sql:
            run.tgt.execute(statement)
        got = inprocess.checksums(
            small, source=None, target=run.tgt, by_value=_by_value(run), on_done=lambda _: None
        )
        sums = {key: (want[key], pair[1]) for key, pair in got.items()}
        for table in small:
            run.progress.step_done(table.label)
        return sums | checksum_tables(
            [t for t in self._tables if not inprocess.is_small_table(t)],
            source=run.source,
            target=run.target,
            snapshot_sql=self._snap.import_sql(),
            target_sql=target_sql,
            workdir=run.workdir,
            jobs=run.options.jobs,
            by_value=_by_value(run),
            on_done=lambda job: run.progress.step_done(job.label),
            source_sums=self._expected.big_sums,
        )

    def compare(self, reports: Sequence[TableReport]) -> tuple[list[TableReport], list[str]]:
        """Each table's report with its rows and whether both sides match; the differences."""
        self.compute()
        if self._error is not None:
            raise self._error
        assert self._sums is not None
        checked, problems = [], []
        # one report per table, in the tables' order (`data.copy_rows`): a label may be shared
        for report, table in zip(reports, self._tables, strict=True):
            source_check, target_check = self._sums[table.key]
            if source_check != target_check:
                problems.append(
                    f"table {report.name}: source {source_check.rows} rows (checksum "
                    f"{source_check.checksum}), target {target_check.rows} rows (checksum "
                    f"{target_check.checksum})"
                )
            checked.append(
                TableReport(
                    report.name,
                    report.chunks,
                    report.bytes,
                    source_check.rows,
                    source_check == target_check,
                )
            )
        return checked, problems
