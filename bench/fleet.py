"""A fleet of 40 databases on one server: the per-database loop users write today against one
`pgshift migrate --env tenants --jobs 4`.

Five small committed migrations (a table, a column, an index, a function, 10 rows). Most of the
databases are empty; every fifth is part-way, 1 to 4 of the migrations already applied by pgshift
(with its library, as a real earlier run leaves it). Each variant starts from that same state
(every database is dropped and cloned again from a template before it) and is timed whole, wall
clock, process starts included:

- a, loop: one `python3 -m pgshift migrate` per database, one after another, DATABASE_URL set;
- b, loop -P: the same processes 4 at a time (what `xargs -P 4` does);
- c, floor: psql sending the same SQL, 4 at a time: for each database one psql with each
  pending body in its own transaction with its history row (and, in an empty database, the
  history tables first); no checks, no library;
- d, fleet: one `python3 -m pgshift migrate --env tenants --jobs 4`;
- d, no library: the same with `[library] install = false` (so d minus this is what installing
  pgshift_utils into the empty databases costs).

The project uses the default `[library] install = true`, as users' projects do; the loops and
the fleet install the library in every empty database, the floor does not.

Target: d/a at most 0.25. Prints medians of `--runs`, the ratios, and the machine's load.

Usage: python bench/fleet.py [--runs 3] [--databases 40] [--jobs 4]
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
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import psycopg  # noqa: E402
from _bytecode import compile_pgshift  # noqa: E402

from pgshift import server  # noqa: E402
from pgshift.migrations.hashing import compute_hash  # noqa: E402
from pgshift.migrations.headers import serialize_migration  # noqa: E402

PGSHIFT = [sys.executable, "-m", "pgshift"]

BODIES = [
    "create table accounts (id serial primary key, name text not null,"
    " created timestamptz not null default now());\n",
    "alter table accounts add column email text;\n",
    "create index accounts_email on accounts (email);\n",
    "create function account_count() returns bigint language sql stable\n"
    "  as 'select count(*) from accounts';\n",
    "insert into accounts (name, email)\n"
    "  select 'user ' || g, 'user' || g || '@example.com' from generate_series(1, 10) g;\n",
]

# What pgshift creates in an empty database before its first migration (history.py's _ddl).
HISTORY_DDL = (
    "create schema if not exists pgshift;\n"
    "create table if not exists pgshift.migrations (hash text primary key,"
    " previous_hash text references pgshift.migrations, filename text not null,"
    " date timestamptz not null default now());\n"
    "create table if not exists pgshift.current (filename text primary key default"
    " 'current.sql', content text not null, date timestamptz not null default now());\n"
)


def write_chain(folder: Path, bodies: Sequence[str]) -> list[tuple[str, str | None, str]]:
    """The committed files, as `commit` writes them; returns (hash, previous, filename) each."""
    committed = folder / "migrations" / "committed"
    committed.mkdir(parents=True)
    previous: str | None = None
    rows = []
    for number, body in enumerate(bodies, start=1):
        digest = compute_hash(body, previous)
        name = f"{number:06d}.sql"
        text = serialize_migration(body, {"Previous": previous or "-", "Hash": digest})
        (committed / name).write_text(text)
        rows.append((digest, previous, name))
        previous = digest
    return rows


def applied_before(index: int) -> int:
    """How many migrations database `index` starts with: every fifth is part-way (1 to 4)."""
    return 0 if index % 5 else 1 + (index // 5) % 4


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every process the bench starts: no database URLs of the caller's,
    and this source tree's pgshift (whichever one is installed)."""
    drop = ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    path = [str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])]
    return {**env, "PYTHONPATH": os.pathsep.join(path), **extra}


def run(command: list[str], cwd: Path, env: dict[str, str], stdin: str | None = None) -> None:
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )
    if done.returncode:
        sys.exit(f"{' '.join(command[:4])} ... exited {done.returncode}:\n{done.stderr}")


def timed(work: Callable[[], None]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def parallel(jobs: int, tasks: Sequence[Callable[[], None]]) -> None:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(task) for task in tasks]:
            future.result()


def floor_script(start: int, chain: list[tuple[str, str | None, str]]) -> str:
    """What the floor's psql sends to a database that has applied `start` migrations."""
    parts = [HISTORY_DDL] if start == 0 else []
    for body, (digest, previous, name) in list(zip(BODIES, chain, strict=True))[start:]:
        prev = "null" if previous is None else f"'{previous}'"
        parts.append(
            f"begin;\n{body}insert into pgshift.migrations (hash, previous_hash, filename)"
            f" values ('{digest}', {prev}, '{name}');\ncommit;\n"
        )
    return "".join(parts)


class Bench:
    def __init__(self, base: Path, databases: int, jobs: int) -> None:
        self.base = base
        self.jobs = jobs
        self.info = server.start(base)
        self.admin = psycopg.connect(self.info.url("postgres"), autocommit=True)
        self.names = [f"tenant_{i:03d}" for i in range(databases)]
        self.urls = [self.info.url(n) for n in self.names]
        self.starts = [applied_before(i) for i in range(databases)]  # migrations applied at first
        self.psql = str(server.client_bindir() / "psql")
        self.project = base / "project"
        self.chain = write_chain(self.project, BODIES)
        listed = "".join(f'  "{u}",\n' for u in self.urls)
        self.project.joinpath("pgshift.toml").write_text(
            f"[environments.tenants]\ndatabase_urls = [\n{listed}]\n"
        )
        self.no_library = base / "no-library"
        write_chain(self.no_library, BODIES)
        self.no_library.joinpath("pgshift.toml").write_text(
            f"[library]\ninstall = false\n[environments.tenants]\ndatabase_urls = [\n{listed}]\n"
        )
        self.templates = self._templates()

    def _templates(self) -> dict[int, str]:
        """A database per starting point, migrated that far by pgshift (0: empty)."""
        templates = {}
        for start in sorted(set(self.starts)):
            name = f"template_{start}"
            self._recreate(name, "template0")
            if start:
                folder = self.base / f"prefix_{start}"
                write_chain(folder, BODIES[:start])
                run([*PGSHIFT, "migrate"], folder, child_env(DATABASE_URL=self.info.url(name)))
            templates[start] = name
        return templates

    def _recreate(self, name: str, template: str) -> None:
        self.admin.execute(f'drop database if exists "{name}" with (force)')
        self.admin.execute(f'create database "{name}" template "{template}"')

    def reset(self) -> None:
        """Every database back to its starting state; then a checkpoint, so the variant timed
        next does not pay for writing out the copies."""
        for name, start in zip(self.names, self.starts, strict=True):
            self._recreate(name, self.templates[start])
        self.admin.execute("checkpoint")

    def check(self, label: str) -> None:
        for url in self.urls:
            with psycopg.connect(url) as conn:
                history = conn.execute("select count(*) from pgshift.migrations").fetchone()
                rows = conn.execute("select account_count()").fetchone()
            if history != (len(BODIES),) or rows != (10,):
                sys.exit(f"{label}: {url} has {history} history rows and {rows} accounts")

    # --- the variants ---------------------------------------------------------------------

    def loop(self) -> None:
        for url in self.urls:
            run([*PGSHIFT, "migrate"], self.project, child_env(DATABASE_URL=url))

    def loop_parallel(self) -> None:
        env = [child_env(DATABASE_URL=url) for url in self.urls]
        parallel(self.jobs, [partial(run, [*PGSHIFT, "migrate"], self.project, e) for e in env])

    def floor(self) -> None:
        command = [self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d"]
        tasks = [
            partial(run, [*command, url], self.base, child_env(), floor_script(start, self.chain))
            for url, start in zip(self.urls, self.starts, strict=True)
        ]
        parallel(self.jobs, tasks)

    def fleet(self, project: Path) -> None:
        command = [*PGSHIFT, "migrate", "--env", "tenants", "--jobs", str(self.jobs)]
        run(command, project, child_env())


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"nproc {os.cpu_count()}, memory {memory:.0f} GiB, load average {load}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--databases", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()
    compile_pgshift(ROOT / "src" / "pgshift")
    base = Path(tempfile.mkdtemp(prefix="pgshift-fleet-"))
    os.chmod(base, 0o755)
    print(f"before: {machine()}", flush=True)
    times: dict[str, list[float]] = {}
    try:
        bench = Bench(base, args.databases, args.jobs)
        variants: dict[str, Callable[[], None]] = {
            "a": bench.loop,
            "b": bench.loop_parallel,
            "c": bench.floor,
            "d": lambda: bench.fleet(bench.project),
            "d0": lambda: bench.fleet(bench.no_library),
        }
        for n in range(args.runs):
            for key, variant in variants.items():
                bench.reset()
                times.setdefault(key, []).append(timed(variant))
                bench.check(key)
            line = ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items())
            print(f"run {n + 1}: {line} (load {os.getloadavg()[0]:.2f})", flush=True)
        bench.admin.close()
    finally:
        server.destroy(base)
        shutil.rmtree(base, ignore_errors=True)
    m = {k: statistics.median(v) for k, v in times.items()}
    part_way = sum(1 for i in range(args.databases) if applied_before(i))
    print(
        f"\n{args.databases} databases ({args.databases - part_way} empty, {part_way} part-way), "
        f"{len(BODIES)} migrations, --jobs {args.jobs}, median of {args.runs} runs, seconds"
    )
    rows = [
        ("a", "loop: pgshift migrate per database, sequential"),
        ("b", f"loop: pgshift migrate per database, {args.jobs} at a time"),
        ("c", f"floor: psql, same SQL, {args.jobs} at a time"),
        ("d", f"pgshift migrate --env tenants --jobs {args.jobs}"),
        ("d0", "the same, [library] install = false"),
    ]
    for key, label in rows:
        print(f"  {key:<3} {label:<52} {m[key]:7.2f}")
    verdict = "met" if m["d"] <= 0.25 * m["a"] else "MISSED"
    print(f"  d/a {m['d'] / m['a']:.3f} (target <= 0.25: {verdict})")
    print(f"  d/b {m['d'] / m['b']:.3f}")
    print(f"  d/c {m['d'] / m['c']:.3f}")
    print(f"  library install, d - d0: {m['d'] - m['d0']:.2f} s")
    print(f"after: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
