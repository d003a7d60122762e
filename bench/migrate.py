"""pgshift vs graphile-migrate 1.4.1 on the same 200 committed migrations, one PostgreSQL.

Prints the median wall time of each tool (whole command, process start included) for a fresh
database, a no-op `migrate` and `reset --erase`, the ratio pgshift/graphile-migrate (target:
at most 0.5), and pgshift's watch latency: from saving current.sql to the change being visible
in the database (target: under 150 ms).

Usage: python bench/migrate.py [--runs 5] [--migrations 200]
Needs node + npm for graphile-migrate (installed into ~/.cache on first use).
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
from migrate.helpers import write_history  # noqa: E402

from graphile import GraphileMigrate, install  # noqa: E402
from pgshift import server  # noqa: E402


def light_body(n: int) -> str:
    return f"create table t{n} (id int);\n"


def body(n: int) -> str:
    return (
        f"create table t{n} (id serial primary key, name text not null, created timestamptz default now());\n"
        f"create index t{n}_name on t{n} (name);\n"
        f"create function f{n}(x int) returns int language sql immutable as 'select x + {n}';\n"
        f"insert into t{n} (name) select 'row ' || g from generate_series(1, 10) g;\n"
    )


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def server_floor(admin: psycopg.Connection, url: str, name: str, bodies: list[str]) -> float:
    """The server's share of the fresh case: each body and its history row as one transaction,
    from a connection that is already open (no process start, no file reading, no checks)."""
    recreate(admin, name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create table history (hash text primary key, filename text not null)")
        started = time.perf_counter()
        for n, text in enumerate(bodies, 1):
            conn.execute(f"{text}\n;\ninsert into history values ('h{n}', '{n:06}.sql')")
        return time.perf_counter() - started


def recreate(admin: psycopg.Connection, name: str) -> None:
    admin.execute(f'drop database if exists "{name}" with (force)')  # noqa: S608
    admin.execute(f'create database "{name}"')  # noqa: S608


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--migrations", type=int, default=200)
    parser.add_argument(
        "--light",
        action="store_true",
        help="One small table per migration (tool overhead rather than server work).",
    )
    parser.add_argument(
        "--no-library",
        action="store_true",
        help="Leave out installing pgshift_utils (measure the engine alone).",
    )
    args = parser.parse_args()
    # An installed wheel has its bytecode compiled; an editable checkout under
    # PYTHONDONTWRITEBYTECODE would compile pgshift's sources on every start.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "pgshift")], check=True
    )
    gm_binary = install()
    if gm_binary is None:
        sys.exit("graphile-migrate needs node and npm")
    work = Path(tempfile.mkdtemp(prefix="pgshift-bench-"))
    info = server.start(work)
    admin = psycopg.connect(info.url("postgres"), autocommit=True)
    names = {
        "ps": "bench_ps",
        "ps_shadow": "bench_ps_shadow",
        "gm": "bench_gm",
        "gm_shadow": "bench_gm_shadow",
        "floor": "bench_floor",
    }
    for name in names.values():
        recreate(admin, name)

    make = light_body if args.light else body
    bodies = [make(n) for n in range(1, args.migrations + 1)]
    projects = {tool: work / tool for tool in ("ps", "gm")}
    for folder in projects.values():
        (folder / "migrations").mkdir(parents=True)
        write_history(folder / "migrations", bodies)
    (projects["ps"] / "pgshift.toml").write_text(
        f'database_url = "{info.url(names["ps"])}"\nshadow_database_url = "{info.url(names["ps_shadow"])}"\n'
        f'root_database_url = "{info.url("postgres")}"\n'
        + ("[library]\ninstall = false\n" if args.no_library else "")
    )
    GraphileMigrate(
        gm_binary,
        projects["gm"],
        database_url=info.url(names["gm"]),
        shadow_url=info.url(names["gm_shadow"]),
        root_url=info.url("postgres"),
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SHADOW_DATABASE_URL")}
    pgshift = [sys.executable, "-m", "pgshift"]
    commands = {
        "ps": {
            "migrate": [*pgshift, "migrate"],
            "reset": [*pgshift, "reset", "--erase", "--force"],
        },
        "gm": {
            "migrate": [str(gm_binary), "migrate"],
            "reset": [str(gm_binary), "reset", "--erase"],
        },
    }
    results: dict[str, dict[str, list[float]]] = {
        t: {"fresh": [], "no-op": [], "reset": []} for t in commands
    }
    connect_only = [
        sys.executable,
        "-c",
        f"import psycopg; psycopg.connect({info.url('postgres')!r}).close()",
    ]
    floors: dict[str, list[float]] = {"server": [], "process": []}
    for _ in range(args.runs):
        floors["server"].append(
            server_floor(admin, info.url(names["floor"]), names["floor"], bodies)
        )
        floors["process"].append(timed(connect_only, work, env))
        for tool in ("gm", "ps"):
            recreate(admin, names[tool])
            results[tool]["fresh"].append(timed(commands[tool]["migrate"], projects[tool], env))
            results[tool]["no-op"].append(timed(commands[tool]["migrate"], projects[tool], env))
            results[tool]["reset"].append(timed(commands[tool]["reset"], projects[tool], env))

    kind = "light" if args.light else "realistic (table, index, function, 10 rows)"
    print(
        f"{args.migrations} {kind} migrations, median of {args.runs} runs (seconds, whole command)"
    )
    print(f"{'case':8} {'graphile-migrate':>17} {'pgshift':>9} {'ratio':>7}")
    for case in ("fresh", "no-op", "reset"):
        gm = statistics.median(results["gm"][case])
        ps = statistics.median(results["ps"][case])
        print(f"{case:8} {gm:17.3f} {ps:9.3f} {ps / gm:7.2f}")
    print(
        f"floors: the fresh case's server work alone {statistics.median(floors['server']):.3f} s; "
        f"a Python process that imports psycopg and connects {statistics.median(floors['process']):.3f} s"
    )
    latency = watch_latency(projects["ps"], env, pgshift, info.url(names["ps"]))
    print(
        f"watch latency (save -> visible), median of {len(latency)}: "
        f"{statistics.median(latency) * 1000:.0f} ms (max {max(latency) * 1000:.0f} ms)"
    )
    admin.close()
    server.stop(work)
    shutil.rmtree(server.layout_for(work).cluster_dir, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)


def watch_latency(
    project: Path, env: dict[str, str], pgshift: list[str], url: str, saves: int = 15
) -> list[float]:
    current = project / "migrations" / "current.sql"
    current.write_text("create or replace view watch_probe as select 0 as n;\n")
    proc = subprocess.Popen(
        [*pgshift, "watch"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    samples: list[float] = []
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            _wait_for(conn, 0, time.perf_counter() + 30)
            for n in range(1, saves + 1):
                time.sleep(0.3)
                started = time.perf_counter()
                current.write_text(f"create or replace view watch_probe as select {n} as n;\n")
                _wait_for(conn, n, started + 10)
                samples.append(time.perf_counter() - started)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return samples


def _wait_for(conn: psycopg.Connection, n: int, deadline: float) -> None:
    while time.perf_counter() < deadline:
        try:
            row = conn.execute("select n from watch_probe").fetchone()
            if row and row[0] == n:
                return
        except psycopg.errors.UndefinedTable:
            pass
        time.sleep(0.002)
    raise TimeoutError(f"watch did not apply change {n}")


if __name__ == "__main__":
    main()
