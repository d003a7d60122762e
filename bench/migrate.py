"""pgshift vs graphile-migrate 1.4.1 on the same 200 committed migrations, one PostgreSQL.

Prints the median wall time of each tool (whole command, process start included) for a fresh
database, a no-op `migrate` and `reset --erase`, next to a floor: psql doing the same server
work in one process (fresh: the 200 bodies, each in its own transaction; reset: drop and create
the database, then the same; no-op: connect and run one trivial query). From those it prints
each tool's overhead above the floor and the overhead ratio (pgshift - floor) / (gm - floor)
(target: at most 0.4), the plain ratio pgshift/gm, and pgshift's watch latency: from saving
current.sql to the change being visible in the database (target: under 150 ms).

Usage: python bench/migrate.py [--runs 7] [--migrations 200] [--light] [--no-library]
       [--no-watch] [--samples] [--async-commit]
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
from _bytecode import compile_pgshift  # noqa: E402

import pgshift as pgshift_package  # noqa: E402
from graphile import GraphileMigrate, install  # noqa: E402
from migrations.helpers import write_history  # noqa: E402
from pgshift import server  # noqa: E402
from pgshift.server.binaries import client_bindir  # noqa: E402


def light_body(n: int) -> str:
    return f"create table t{n} (id int);\n"


def body(n: int) -> str:
    return (
        f"create table t{n} (id serial primary key, name text not null, created timestamptz default now());\n"
        f"create index t{n}_name on t{n} (name);\n"
        f"create function f{n}(x int) returns int language sql immutable as 'select x + {n}';\n"
        f"insert into t{n} (name) select 'row ' || g from generate_series(1, 10) g;\n"
    )


def compile_sources(packages: list[Path]) -> None:
    for package in packages:
        compile_pgshift(package)


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


def psql_script(path: Path, bodies: list[str], *, reset: str | None = None) -> Path:
    """A psql script applying `bodies`, each between BEGIN and COMMIT (the floor's work).

    With `reset` (a database name), it first drops and re-creates that database from the
    maintenance database psql starts on, then connects to it: what `reset --erase` must do.
    """
    lines = ["\\set ON_ERROR_STOP 1"]
    if reset is not None:
        lines += [
            f'drop database if exists "{reset}" with (force);',
            f'create database "{reset}";',
            f'\\connect "{reset}"',
        ]
    for text in bodies:  # every body ends with a semicolon
        lines += ["begin;", text.rstrip(), "commit;"]
    path.write_text("\n".join(lines) + "\n")
    return path


def check_applied(url: str, migrations: int) -> None:
    """Each tool's database ends with every migration's table (the work was really done)."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "select count(*) from pg_catalog.pg_tables"
            " where schemaname = 'public' and tablename ~ '^t[0-9]+$'"
        ).fetchone()
    if row is None or row[0] != migrations:
        raise SystemExit(f"{url}: {row and row[0]} tables, expected {migrations}")


def recreate(admin: psycopg.Connection, name: str) -> None:
    admin.execute(f'drop database if exists "{name}" with (force)')  # noqa: S608
    admin.execute(f'create database "{name}"')  # noqa: S608


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
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
    parser.add_argument(
        "--no-watch", action="store_true", help="Skip the watch latency measurement."
    )
    parser.add_argument("--samples", action="store_true", help="Print every run's time too.")
    parser.add_argument(
        "--async-commit",
        action="store_true",
        help="synchronous_commit = off on the bench's own server: every tool commits 200 times,"
        " so the fsync waits cancel out of the overheads, but on a shared disk they are most of"
        " the noise.",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="SRC",
        help="Another pgshift's src folder (git archive COMMIT src | tar -x -C DIR: DIR/src),"
        " run in the same rounds, for before and after.",
    )
    args = parser.parse_args()
    gm_binary = install()
    if gm_binary is None:
        sys.exit("graphile-migrate needs node and npm")
    psql = client_bindir() / "psql"
    work = Path(tempfile.mkdtemp(prefix="pgshift-bench-"))
    info = server.start(work)
    admin = psycopg.connect(info.url("postgres"), autocommit=True)
    if args.async_commit:
        admin.execute("alter system set synchronous_commit = off")
        admin.execute("select pg_reload_conf()")
    # pgshift, and with --baseline another pgshift (its src folder first on PYTHONPATH).
    pgshifts = {"ps": "pgshift"} | ({"base": "baseline"} if args.baseline else {})
    tools = ("psql", "gm", *pgshifts)
    names = {tool: f"bench_{tool}" for tool in tools} | {"floor": "bench_floor"}
    for tool in ("gm", *pgshifts):
        names[f"{tool}_shadow"] = f"bench_{tool}_shadow"
    for name in names.values():
        recreate(admin, name)

    make = light_body if args.light else body
    bodies = [make(n) for n in range(1, args.migrations + 1)]
    projects = {tool: work / tool for tool in tools}
    for tool, folder in projects.items():
        (folder / "migrations").mkdir(parents=True)
        if tool != "psql":
            write_history(folder / "migrations", bodies)
    for tool in pgshifts:
        (projects[tool] / "pgshift.toml").write_text(
            f'database_url = "{info.url(names[tool])}"\n'
            f'shadow_database_url = "{info.url(names[f"{tool}_shadow"])}"\n'
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
    fresh_sql = psql_script(projects["psql"] / "fresh.sql", bodies)
    reset_sql = psql_script(projects["psql"] / "reset.sql", bodies, reset=names["psql"])
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SHADOW_DATABASE_URL")}
    envs = {tool: env for tool in tools}
    packages = [Path(pgshift_package.__file__).parent]  # the one `python -m pgshift` runs
    if args.baseline:
        envs["base"] = env | {"PYTHONPATH": str(args.baseline.resolve())}
        packages.append(args.baseline / "pgshift")
    pgshift = [sys.executable, "-m", "pgshift"]
    psql_args = [str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d"]
    commands = {
        "psql": {
            "migrate": [*psql_args, info.url(names["psql"]), "-f", str(fresh_sql)],
            "no-op": [*psql_args, info.url(names["psql"]), "-c", "select 1"],
            "reset": [*psql_args, info.url("postgres"), "-f", str(reset_sql)],
        },
        "gm": {
            "migrate": [str(gm_binary), "migrate"],
            "reset": [str(gm_binary), "reset", "--erase"],
        },
    } | {
        tool: {"migrate": [*pgshift, "migrate"], "reset": [*pgshift, "reset", "--erase", "--force"]}
        for tool in pgshifts
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
    loads: list[float] = []
    for n in range(args.runs):
        loads.append(os.getloadavg()[0])
        compile_sources(packages)  # others may be editing the checkout: no run compiles
        floors["server"].append(
            server_floor(admin, info.url(names["floor"]), names["floor"], bodies)
        )
        floors["process"].append(timed(connect_only, work, env))
        # A different tool goes first in each round, so that none always follows another's
        # writes; and every command starts after a checkpoint, with no dirty buffers.
        first = n % len(tools)
        for tool in tools[first:] + tools[:first]:
            run, where, tool_env = commands[tool], projects[tool], envs[tool]
            recreate(admin, names[tool])
            admin.execute("checkpoint")
            results[tool]["fresh"].append(timed(run["migrate"], where, tool_env))
            admin.execute("checkpoint")
            # The no-op is short and mostly process start: the median of three per round.
            noop = run.get("no-op", run["migrate"])
            results[tool]["no-op"].append(
                statistics.median(timed(noop, where, tool_env) for _ in range(3))
            )
            admin.execute("checkpoint")
            results[tool]["reset"].append(timed(run["reset"], where, tool_env))
    for tool in tools:
        check_applied(info.url(names[tool]), args.migrations)

    kind = "light" if args.light else "realistic (table, index, function, 10 rows)"
    if args.async_commit:
        kind += ", synchronous_commit = off"
    print(
        f"{args.migrations} {kind} migrations, median of {args.runs} runs (seconds, whole command;"
        f" 1-minute load average {min(loads):.2f} to {max(loads):.2f}, {os.cpu_count()} CPUs)"
    )
    print(
        f"{'case':8} {'psql floor':>10} {'graphile-migrate':>17} {'tool':>9} {'time':>6}"
        f" {'gm over':>8} {'tool over':>9} {'overhead ratio':>15} {'per round':>17} {'ratio':>6}"
    )
    for case in ("fresh", "no-op", "reset"):
        floor = statistics.median(results["psql"][case])
        gm = statistics.median(results["gm"][case])
        for tool, label in pgshifts.items():
            ps = statistics.median(results[tool][case])
            rounds = sorted(
                (p - f) / (g - f)
                for f, g, p in zip(
                    results["psql"][case], results["gm"][case], results[tool][case], strict=True
                )
            )
            spread = f"{statistics.median(rounds):.2f} ({rounds[0]:.2f} to {rounds[-1]:.2f})"
            print(
                f"{case:8} {floor:10.3f} {gm:17.3f} {label:>9} {ps:6.3f} {gm - floor:8.3f}"
                f" {ps - floor:9.3f} {(ps - floor) / (gm - floor):15.2f} {spread:>17}"
                f" {ps / gm:6.2f}"
            )
    if args.samples:
        for tool in tools:
            for case, values in results[tool].items():
                print(f"  {tool:4} {case:6} " + " ".join(f"{v:.3f}" for v in values))
    print(
        "overhead ratio: (tool - floor) / (graphile-migrate - floor) of the medians, target at"
        " most 0.4; per round: the same within each round, median (range); ratio: tool /"
        " graphile-migrate"
    )
    print(
        f"other floors: the fresh case's server work from an open connection, one query per"
        f" migration {statistics.median(floors['server']):.3f} s; a Python process that imports"
        f" psycopg and connects {statistics.median(floors['process']):.3f} s"
    )
    if not args.no_watch:
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
