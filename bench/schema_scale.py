"""Thousands of tables: `pg_dump --schema-only` vs `pgshift inspect --json` vs `pgshift diff`.

The shape of a schema-per-tenant database: SCHEMAS schemas (`tenant_0001`...) of TABLES tables
each (3,000 tables by default: 100 x 30). Every table has a bigserial key (so a sequence and a
default), a text and a timestamp column, a foreign key to the schema's first table, an index of
its own and a view over it. Database A is built once, B is a copy of A (CREATE DATABASE ...
TEMPLATE) in which every tenth schema differs: a column added to one table, an index dropped
from another, a view changed and a table gone, so that the diff has changes to order and render.

Timed, wall clock, process start included, each in its own process (rounds: every command once
per round, a different one first each round; the median and the best of `--runs` are printed):

- `pg_dump --schema-only -d A` (the bundled pg_dump, output to /dev/null);
- `pgshift inspect --json A` (output to /dev/null);
- `pgshift diff A A` (the database against itself: two full reads and a comparison);
- `pgshift diff A B --sql - --allow-destructive` (two such databases, with changes to order
  and render).

Targets (issue 15): inspect within pg_dump's time, a diff of two databases within twice that,
memory bounded. Prints each command's peak resident memory (its own, from wait4), the ratios
to pg_dump, and the machine's load before and after.

Usage: python bench/schema_scale.py [--schemas 100] [--tables 30] [--runs 3] [--keep DIR]
  --keep DIR: use DIR as the project whose server holds the databases, and leave it running
              with them (a later run with the same shape skips the build). Without it, a
              throwaway server is started and removed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import psycopg  # noqa: E402
from _bytecode import compile_pgshift  # noqa: E402

from pgshift import server  # noqa: E402

PGSHIFT = [sys.executable, "-m", "pgshift"]


def tenant_sql(schema: str, tables: int) -> str:
    """One tenant's schema: its tables, keys, foreign keys, indexes and views."""
    lines = [f"create schema {schema};"]
    for n in range(1, tables + 1):
        t = f"{schema}.t_{n:03d}"
        parent = f"{schema}.t_001"
        lines += [
            f"create table {t} (id bigserial primary key, parent_id bigint,"
            " name text not null, created timestamptz not null default now());",
            f"alter table {t} add constraint t_{n:03d}_parent"
            f" foreign key (parent_id) references {parent} (id);",
            f"create index t_{n:03d}_name on {t} (name);",
            f"create view {schema}.v_{n:03d} as select id, name from {t} where parent_id is null;",
        ]
    return "\n".join(lines) + "\n"


def changes_sql(schema: str, tables: int) -> str:
    """What B has otherwise in one of its schemas: four differences."""
    return (
        f"alter table {schema}.t_002 add column note text;\n"
        f"drop index {schema}.t_003_name;\n"
        f"create or replace view {schema}.v_004 as"
        f" select id, name from {schema}.t_004 where parent_id is not null;\n"
        f"drop view {schema}.v_{tables:03d};\n"
        f"drop table {schema}.t_{tables:03d};\n"
    )


def psql(url: str, script: str) -> None:
    subprocess.run(
        [str(server.client_bindir() / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
        input=script,
        text=True,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(url: Callable[[str], str], schemas: int, tables: int) -> tuple[str, str]:
    """Databases A and B of this shape (kept when they exist with it, per their comment)."""
    shape = f"pgshift bench schema_scale {schemas}x{tables}"
    a, b = "scale_a", "scale_b"
    with psycopg.connect(url("postgres"), autocommit=True) as conn:
        found = conn.execute(
            "select shobj_description(oid, 'pg_database') from pg_database where datname = %s",
            [b],
        ).fetchone()
        if found is not None and found[0] == shape:
            return url(a), url(b)
        for name in (a, b):
            conn.execute(f"drop database if exists {name} with (force)")
        conn.execute(f"create database {a}")
    names = [f"tenant_{s:04d}" for s in range(1, schemas + 1)]
    print(f"building {schemas} x {tables} tables...", file=sys.stderr, flush=True)
    started = time.monotonic()
    for i in range(0, len(names), 20):  # a script per 20 tenants: short transactions
        psql(url(a), "".join(tenant_sql(s, tables) for s in names[i : i + 20]))
    psql(url(a), "vacuum analyze;")
    with psycopg.connect(url("postgres"), autocommit=True) as conn:
        conn.execute(f"create database {b} template {a}")
    psql(url(b), "".join(changes_sql(s, tables) for s in names[::10]) + "vacuum analyze;")
    with psycopg.connect(url("postgres"), autocommit=True) as conn:
        conn.execute(f"comment on database {b} is '{shape}'")
    print(f"  built in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return url(a), url(b)


def run(command: list[str], expect: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall seconds and peak resident KiB of `command` (its own, not its parent's)."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    env.pop("PGSHIFT_ENV", None)
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=tempfile.gettempdir(),  # no project configuration around
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in expect:
            err.seek(0)
            raise SystemExit(f"{command[:4]} exited {process.returncode}:\n{err.read().decode()}")
    return elapsed, usage.ru_maxrss


@contextmanager
def project_server(keep: str | None) -> Iterator[Callable[[str], str]]:
    project = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="pgshift-bench-scale-"))
    project.mkdir(parents=True, exist_ok=True)
    info = server.start(project)
    try:
        yield info.url
    finally:
        if not keep:
            layout = server.layout_for(project)
            server.stop(project)
            shutil.rmtree(layout.cluster_dir, ignore_errors=True)
            shutil.rmtree(project, ignore_errors=True)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schemas", type=int, default=100)
    parser.add_argument("--tables", type=int, default=30, help="tables per schema")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR")
    args = parser.parse_args()
    compile_pgshift()
    with project_server(args.keep) as url:
        a, b = build(url, args.schemas, args.tables)
        pg_dump = str(server.client_bindir() / "pg_dump")
        commands = {
            "pg_dump --schema-only": ([pg_dump, "--schema-only", "-d", a], (0,)),
            "pgshift inspect --json": ([*PGSHIFT, "inspect", "--json", a], (0,)),
            "pgshift diff A A": ([*PGSHIFT, "diff", a, a], (0,)),
            "pgshift diff A B --sql -": (
                [*PGSHIFT, "diff", a, b, "--sql", "-", "--allow-destructive"],
                (3,),
            ),
        }
        before = load()
        times: dict[str, list[float]] = {name: [] for name in commands}
        memory: dict[str, int] = {name: 0 for name in commands}
        names = list(commands)
        for round_ in range(args.runs):
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                print(f"  round {round_ + 1}: {name}...", file=sys.stderr, flush=True)
                seconds, kib = run(*commands[name])
                times[name].append(seconds)
                memory[name] = max(memory[name], kib)
        after = load()
    floor = statistics.median(times["pg_dump --schema-only"])
    tables = args.schemas * args.tables
    print(f"\n{tables} tables ({args.schemas} schemas x {args.tables}), {args.runs} runs")
    print(f"{'command':<26} {'median s':>9} {'best s':>8} {'x pg_dump':>10} {'peak MiB':>9}")
    for name in commands:
        median = statistics.median(times[name])
        print(
            f"{name:<26} {median:>9.2f} {min(times[name]):>8.2f} {median / floor:>10.2f}"
            f" {memory[name] / 1024:>9.0f}"
        )
    print(f"load average (1, 5, 15 min): before {before}, after {after}; {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
