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
from ..sqltext import qualified
from ._runner import Job, run_jobs
from .catalog import read_query
from .schema import Entry, SchemaScripts, entry_groups
from .state import step_done_sql
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
        rows = source.execute(read_query("key_constraints"), {"oids": oids}).fetchall()
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
        result.append(
            replace(
                entry, kind="KEY USING INDEX", body=f"\n{attach.as_string(source)}\n", settings=""
            )
        )
    return result


def post_data_jobs(
    scripts: SchemaScripts, target: str, workdir: Path, *, done: set[str], track: bool
) -> list[tuple[bool, list[PsqlJob]]]:
    """The post-data entries as psql jobs, grouped; entries in `done` are left out.

    Each entry runs in its own transaction with its done mark (when `track`), so a resumed
    clone runs only the entries still missing.
    """
    entries = scripts.entries or [Entry(0, "SCRIPT", "Name: post-data", scripts.post_data)]
    groups = []
    for group in entry_groups(entries):
        parallel = group[0].group == 0
        jobs = []
        for entry in group:
            step = entry.step
            if step in done:
                continue
            key = step.replace(":", "-")
            path = workdir / f"{key}.sql"
            mark = step_done_sql(step) if track else ""
            path.write_text(f"{scripts.prologue}BEGIN;\n{entry.sql}\n{mark}COMMIT;\n")
            label = entry.header.split("; Schema:")[0].replace("Name: ", "")
            jobs.append(PsqlJob(label, ["-f", str(path)], target, workdir=workdir, key=key))
        if jobs:
            groups.append((parallel, jobs))
    return groups


def run_post_data(
    groups: Sequence[tuple[bool, Sequence[PsqlJob]]],
    *,
    jobs: int,
    on_done: Callable[[Job], None] | None = None,
) -> None:
    """Run the groups in order: the first (keys and indexes) `jobs` at a time, others serially."""
    for parallel, group in groups:
        failures = run_jobs(group, limit=jobs if parallel else 1, on_done=on_done)
        if failures:
            raise CloneError(
                "post-data failed on the target (rows are copied; keys, indexes or triggers are "
                f"incomplete): {failures[0][1]}; fix the cause, then run again with --resume"
            )


def refresh_materialized_views(
    source: psycopg.Connection[Any], target: psycopg.Connection[Any]
) -> int:
    """Refresh on the target every materialized view populated on the source, inputs first."""
    rows = source.execute(read_query("materialized_views")).fetchall()
    graph = {f"{s}.{n}": set(reads) for s, n, _, reads in rows}
    refresh = {f"{s}.{n}": (s, n) for s, n, populate, _ in rows if populate}
    count = 0
    for name in graphlib.TopologicalSorter(graph).static_order():
        if name in refresh:
            target.execute(
                sql.SQL("refresh materialized view {}").format(qualified(*refresh[name]))
            )
            count += 1
    return count
