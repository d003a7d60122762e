"""What linting costs: `pgshift lint` on a 100-statement migration, and `commit` with and without
linting the migration it commits.

A project whose one committed migration makes 20 tables of 2,000 rows; the current migration
holds 100 statements on them (5 per table: add a column, create an index, add a NOT VALID check,
validate it, comment). Prints the median wall time of each command (process start included)
and, in process, where lint's time goes: reading (pglast), the shadow reset, the measurement.

Usage: python bench/lint.py [--runs 5]
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import psycopg  # noqa: E402
from _bytecode import compile_pgshift  # noqa: E402

from migrations.helpers import write_history  # noqa: E402
from pgshift import server  # noqa: E402

TABLES = 20


def schema() -> str:
    return "\n".join(
        f"create table t{n} (id int primary key, v int, note text);\n"
        f"insert into t{n} select g, g, 'x' from generate_series(1, 2000) g;"
        for n in range(TABLES)
    )


def migration() -> str:
    lines = []
    for n in range(TABLES):
        lines += [
            f"alter table t{n} add column c int;",
            f"create index on t{n} (v);",
            f"alter table t{n} add constraint t{n}_v check (v > 0) not valid;",
            f"alter table t{n} validate constraint t{n}_v;",
            f"comment on table t{n} is 'table {n}';",
        ]
    return "\n".join(lines) + "\n"


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=False, capture_output=True)
    return time.perf_counter() - started


def recreate(admin: psycopg.Connection, *names: str) -> None:
    for name in names:
        admin.execute(f'drop database if exists "{name}" with (force)')  # noqa: S608
        admin.execute(f'create database "{name}"')  # noqa: S608


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pgshift-bench-lint-"))
    info = server.start(work)
    admin = psycopg.connect(info.url("postgres"), autocommit=True)
    project = work / "app"
    (project / "migrations").mkdir(parents=True)
    write_history(project / "migrations", [schema()])
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    pgshift = [sys.executable, "-m", "pgshift"]
    compile_pgshift(ROOT / "src" / "pgshift")

    def configure(lint_on_commit: str) -> None:
        (project / "pgshift.toml").write_text(
            f'database_url = "{info.url("bench_main")}"\n'
            f'shadow_database_url = "{info.url("bench_shadow")}"\n'
            f'root_database_url = "{info.url("postgres")}"\n'
            f'lint_on_commit = "{lint_on_commit}"\n[library]\ninstall = false\n'
        )

    def fresh() -> None:
        for extra in (project / "migrations" / "committed").glob("000002*"):
            extra.chmod(0o640)
            extra.unlink()
        recreate(admin, "bench_main", "bench_shadow")
        subprocess.run([*pgshift, "migrate"], cwd=project, env=env, check=True, capture_output=True)
        (project / "migrations" / "current.sql").write_text(migration())

    times: dict[str, list[float]] = {
        "lint --static": [],
        "lint": [],
        "commit (lint off)": [],
        "commit (lint warn)": [],
    }
    configure("warn")
    fresh()
    for _ in range(args.runs):
        times["lint --static"].append(timed([*pgshift, "lint", "--static"], project, env))
        times["lint"].append(timed([*pgshift, "lint"], project, env))
        for setting in ("off", "warn"):
            configure(setting)
            fresh()
            times[f"commit (lint {setting})"].append(timed([*pgshift, "commit"], project, env))
        configure("warn")
        fresh()
    parts = in_process(project, args.runs)
    print(
        f"{TABLES * 5}-statement migration over {TABLES} tables of 2,000 rows; median of {args.runs}"
    )
    for name, values in times.items():
        print(f"  {name:20} {statistics.median(values) * 1000:7.0f} ms")
    off, warn = (statistics.median(times[f"commit (lint {s})"]) for s in ("off", "warn"))
    print(f"  commit overhead      {(warn - off) * 1000:7.0f} ms")
    for name, value in parts.items():
        print(f"  in process: {name:22} {value * 1000:7.1f} ms")
    admin.close()
    server.stop(work)
    shutil.rmtree(server.layout_for(work).cluster_dir, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)


def in_process(project: Path, runs: int) -> dict[str, float]:
    """Where `lint`'s time goes, measured inside one process."""
    from pgshift import load_config, resolve_target
    from pgshift.db import connect
    from pgshift.lint import ShadowLint
    from pgshift.lint.linting import current_source
    from pgshift.lint.measure import measure_statements
    from pgshift.migrations.runner import reset

    config = load_config(project)
    target = resolve_target(config)
    source = current_source(config)
    assert source is not None
    found: dict[str, list[float]] = {"read and check": [], "shadow reset": [], "measure": []}
    for _ in range(runs):
        started = time.perf_counter()
        lint = ShadowLint(config, [source])
        found["read and check"].append(time.perf_counter() - started)
        started = time.perf_counter()
        reset(config, target, shadow=True)
        found["shadow reset"].append(time.perf_counter() - started)
        statements = lint.items[0].split.statements
        with connect(target.url(shadow=True)) as conn:
            started = time.perf_counter()
            measure_statements(conn, statements, placeholders={})
            found["measure"].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in found.items()}


if __name__ == "__main__":
    main()
