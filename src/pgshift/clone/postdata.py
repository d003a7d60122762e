"""Post-data on the target: keys and indexes in parallel, then foreign keys, then the rest;
then materialized views refreshed in dependency order."""

from __future__ import annotations

import graphlib
from collections.abc import Callable, Sequence
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


def post_data_jobs(
    scripts: SchemaScripts, target: str, workdir: Path, *, done: set[str], track: bool
) -> list[tuple[bool, list[PsqlJob]]]:
    """The post-data entries as psql jobs, grouped; entries in `done` are left out.

    Each entry runs in its own transaction with its done mark (when `track`), so a resumed
    clone runs only the entries still missing.
    """
    entries = scripts.entries or [Entry(0, "SCRIPT", "post-data", scripts.post_data)]
    groups = []
    for group in entry_groups(entries):
        parallel = group[0].group == 0
        jobs = []
        for entry in group:
            step = f"post-data:{entry.index}"
            if step in done:
                continue
            path = workdir / f"post-{entry.index}.sql"
            mark = step_done_sql(step) if track else ""
            path.write_text(f"{scripts.prologue}BEGIN;\n{entry.sql}\n{mark}COMMIT;\n")
            label = entry.header.split("; Schema:")[0].replace("Name: ", "")
            jobs.append(
                PsqlJob(
                    label, ["-f", str(path)], target, workdir=workdir, key=f"post-{entry.index}"
                )
            )
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
