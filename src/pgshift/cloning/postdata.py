"""Post-data on the target: keys and indexes in parallel, then foreign keys, then the rest;
then materialized views refreshed in dependency order."""

from __future__ import annotations

import graphlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from ..errors import CloneError
from ..queries import read_query
from ..sqltext import qualified
from ._runner import Job, run_jobs
from .schema import Entry, SchemaScripts, explain_error
from .state import step_done_sql, steps_done_sql
from .streams import PsqlJob


def split_key_constraints(entries: list[Entry], source: psycopg.Connection[Any]) -> list[Entry]:
    """Build primary keys and unique constraints as a unique index, then attach it.

    `CREATE UNIQUE INDEX` takes a SHARE lock, so a table's key and its other indexes build at
    the same time; `ADD CONSTRAINT ... USING INDEX` then only records the constraint. The index
    definition is the server's own (`pg_get_indexdef` of the constraint's index, read in the
    snapshot with an empty search_path so every name is qualified).
    """
    oids = [e.oid for e in entries if e.kind == "CONSTRAINT"]
    if not oids:
        return entries
    saved = source.execute("select current_setting('search_path')").fetchone()
    source.execute("select set_config('search_path', '', false)")
    try:
        rows = source.execute(read_query("cloning", "key_constraints"), {"oids": oids}).fetchall()
    finally:
        source.execute("select set_config('search_path', %s, false)", [saved[0] if saved else ""])
    keys = {row[0]: row[1:] for row in rows}
    result: list[Entry] = []
    for entry in entries:
        key = keys.get(entry.oid) if entry.kind == "CONSTRAINT" else None
        if key is None:
            result.append(entry)
            continue
        is_primary, schema, table, name, index_definition = key
        attach = sql.SQL("ALTER TABLE ONLY {} ADD CONSTRAINT {} {} USING INDEX {};").format(
            qualified(schema, table),
            sql.Identifier(name),
            sql.SQL("PRIMARY KEY" if is_primary else "UNIQUE"),
            sql.Identifier(name),
        )
        result.append(
            replace(entry, kind="KEY INDEX", body=f"\n{index_definition};\n", part="index")
        )
        # pg_dump puts what else names the constraint's index in the same entry
        # (REPLICA IDENTITY USING INDEX, CLUSTER ON): it follows the attach.
        rest = ""
        if entry.body.count(";") > 1:  # only then can there be more than one statement
            rest = "".join(f"{statement};\n" for statement in _statements(entry.body)[1:])
        result.append(
            replace(
                entry,
                kind="KEY USING INDEX",
                body=f"\n{attach.as_string(source)}\n{rest}",
                settings="",
                whole=entry.body,
            )
        )
    return result


def _statements(text: str) -> list[str]:
    """The statements of `text`, split by PostgreSQL's own lexer (quotes and comments kept)."""
    from pglast import split

    return list(split(text, with_parser=False))


def plan_post_data(entries: list[Entry], source: psycopg.Connection[Any]) -> list[Entry]:
    """Split key constraints, tie each index and key to its table, largest tables first."""
    entries = split_key_constraints(entries, source)
    oids = [e.oid for e in entries if e.group == 0]
    tables: dict[tuple[str, int], tuple[str, int]] = {}
    if oids:
        for kind, oid, label, size in source.execute(
            read_query("cloning", "index_tables"), {"oids": oids}
        ):
            tables[(kind, oid)] = (label, int(size))
    placed = []
    for entry in entries:
        kind = "INDEX" if entry.kind == "INDEX" else "CONSTRAINT"
        # a key's second half (KEY USING INDEX) belongs to its table too
        found = tables.get((kind, entry.oid)) if entry.group in (0, 1) else None
        placed.append(replace(entry, table=found[0], weight=found[1]) if found else entry)
    first = sorted((e for e in placed if e.group == 0), key=lambda e: -e.weight)
    return first + [e for e in placed if e.group != 0]


def index_jobs(
    scripts: SchemaScripts,
    entries: Sequence[Entry],
    target: str,
    workdir: Path,
    *,
    done: set[str],
    batch: Callable[[str | None], bool] = lambda table: False,
    batches: int = 1,
) -> list[PsqlJob]:
    """The keys and indexes (group 0) not yet done, each in its own transaction with its done
    mark: one psql job each, except that those of tables for which `batch(table)` holds
    (tables whose rows are already in) share `batches` scripts, spread by table size.

    `.table` of a job says which table's rows it waits for (None: none).
    """
    jobs, shared = [], []
    for entry in entries:
        if entry.group != 0 or entry.step in done:
            continue
        if batch(entry.table):
            shared.append(entry)
            continue
        key = entry.step.replace(":", "-")
        path = workdir / f"{key}.sql"
        path.write_text(f"{_prologue(scripts)}{_in_transaction(entry)}")
        job = PsqlJob(_label(entry), ["-f", str(path)], target, workdir=workdir, key=key)
        job.table = entry.table
        jobs.append(job)
    return jobs + _shared_jobs(scripts, shared, target, workdir, max(1, batches))


def _shared_jobs(
    scripts: SchemaScripts, entries: list[Entry], target: str, workdir: Path, count: int
) -> list[PsqlJob]:
    """Deal `entries` (largest table first) into `count` scripts of about equal weight."""
    loads: list[list[Entry]] = [[] for _ in range(min(count, len(entries)))]
    weights = [0] * len(loads)
    for entry in sorted(entries, key=lambda e: -e.weight):
        lightest = weights.index(min(weights))
        loads[lightest].append(entry)
        weights[lightest] += max(entry.weight, 1)
    jobs = []
    for n, load in enumerate(loads):
        path = workdir / f"post-data-indexes-{n}.sql"
        # Keys before the other indexes of the same table, as pg_restore orders them.
        load.sort(key=lambda e: e.index)
        path.write_text(_prologue(scripts) + "".join(_in_transaction(e) for e in load))
        label = f"keys and indexes of {len({e.table for e in load})} tables"
        jobs.append(PsqlJob(label, ["-f", str(path)], target, workdir=workdir, key=f"indexes-{n}"))
    return jobs


def serial_job(
    scripts: SchemaScripts, entries: Sequence[Entry], target: str, workdir: Path, *, done: set[str]
) -> PsqlJob | None:
    """Everything after keys and indexes, in order, as one psql script (one connection)."""
    rest = [e for e in entries if e.group != 0 and e.step not in done]
    if not rest:
        return None
    path = workdir / "post-data-rest.sql"
    path.write_text(_prologue(scripts) + "".join(_in_transaction(e) for e in rest))
    return PsqlJob("post-data", ["-f", str(path)], target, workdir=workdir, key="post-data-rest")


def _prologue(scripts: SchemaScripts) -> str:
    """What a post-data script starts with: pg_restore's settings, and commits that do not wait
    for their WAL to reach the disk (each entry is its own transaction with its done mark; a
    crash loses both together, and the clone's last commit is synchronous, which flushes all
    the WAL before it)."""
    return scripts.prologue + "SET synchronous_commit = off;\n"


def in_open_transaction(scripts: SchemaScripts, entries: Sequence[Entry]) -> str:
    """`entries` with their done marks (one statement for all), for a transaction the caller
    has open.

    A key split in two halves (a unique index, then ADD CONSTRAINT ... USING INDEX) whose
    halves are both here runs as the constraint's own statement instead: on an empty table
    nothing is gained by building its index apart.
    """
    if not entries:
        return ""
    # Looked up by step, once: hundreds of small tables' keys are here, each with two halves.
    by_step = {e.step: e for e in entries}
    texts = []
    for entry in entries:
        step = entry.step
        if entry.kind == "KEY INDEX" and step.removesuffix(":index") in by_step:
            continue  # built by its constraint's own statement, below
        index_half = by_step.get(f"{step}:index")
        if entry.kind == "KEY USING INDEX" and entry.whole and index_half is not None:
            # the index half's session settings (the attaching half carries none)
            entry = replace(entry, body=entry.whole, settings=index_half.settings)
        texts.append(_entry_text(entry, mark=False, transaction=False))
    return scripts.prologue + "".join(texts) + steps_done_sql(sorted(by_step))


def rehearsal_sql(scripts: SchemaScripts, entries: Sequence[Entry]) -> str:
    """`entries` as one script to try and roll back (no done marks)."""
    return scripts.prologue + "".join(
        _entry_text(e, mark=False, transaction=False) for e in entries
    )


def _in_transaction(entry: Entry) -> str:
    return _entry_text(entry)


def _entry_text(entry: Entry, *, mark: bool = True, transaction: bool = True) -> str:
    """The entry under its `-- Name:` header (which error messages point at), with its done
    mark, in a transaction of its own unless the caller holds one open."""
    body = f"{entry.sql}\n{step_done_sql(entry.step) if mark else ''}"
    return f"-- {entry.header}\n" + (f"BEGIN;\n{body}COMMIT;\n" if transaction else body)


def _label(entry: Entry) -> str:
    return entry.header.split("; Schema:")[0].replace("Name: ", "")


def run_serial(
    job: PsqlJob | None,
    *,
    on_done: Callable[[Job], None] | None = None,
    meanwhile: Callable[[], None] = lambda: None,
) -> None:
    """Run the rest of post-data; raise CloneError naming the entry that failed.

    `meanwhile()` runs once while psql works (at once when there is nothing to run)."""
    if job is None:
        meanwhile()
        return
    pending = [meanwhile]

    def tick() -> None:
        while pending:
            pending.pop()()

    failures = run_jobs([job], limit=1, on_done=on_done, on_tick=tick)
    tick()  # a job too quick for a tick
    if failures:
        script = job.script
        raise CloneError(
            "post-data failed on the target (rows, keys and indexes are in; foreign keys, "
            "triggers or policies are incomplete): "
            f"{explain_error(job.error, {str(script): script.read_text()})}; "
            "fix the cause, then run again with --resume"
        )


def refresh_materialized_views(
    source: psycopg.Connection[Any], target: psycopg.Connection[Any]
) -> int:
    """Refresh on the target every materialized view populated on the source, inputs first.

    Under the target's own TimeZone, as pg_restore would refresh them (a view's query may print
    times), not the UTC pgshift's sessions print values in; UTC is set again after (a failure ends
    the clone)."""
    rows = source.execute(read_query("cloning", "materialized_views")).fetchall()
    graph = {f"{s}.{n}": set(reads) for s, n, _, reads in rows}
    refresh = {f"{s}.{n}": (s, n) for s, n, populate, _ in rows if populate}
    count = 0
    target.execute("RESET TimeZone")
    for name in graphlib.TopologicalSorter(graph).static_order():
        if name in refresh:
            target.execute(
                sql.SQL("refresh materialized view {}").format(qualified(*refresh[name]))
            )
            count += 1
    target.execute("SET TimeZone = 'UTC'")
    return count
