"""pgshift's pytest plugin vs pytest-postgresql's template-based `postgresql` fixture.

The same tests on both sides: each inserts a row into `items` and counts the table (so it also
checks that it got a database of its own). pgshift: a project with one committed migration
creating `items` (the helper library installed too, as `migrate` does), tests using
`pgshift_conn` on the embedded test server. pytest-postgresql 10: `postgresql_proc(load=[...])`
creating `items` in its template database, tests using `postgresql`, on the installed
PostgreSQL (`--pg-bindir`, default /usr/lib/postgresql/15/bin). It refuses to run as root, so
as root its side runs as an unprivileged account (`--user`, default postgres) through
`runuser`, from a virtualenv made with the system Python (/usr/bin/python3, which that account
can execute; pyenv's under /root it cannot) in `--venv` (created on first use: pip installs
pytest-postgresql there, never into the project's environment).

For each side and each size (1 test and `--tests` tests) the whole `python -m pytest` run is
timed, server start included, `--runs` times, alternating sides. Each side loads its own plugin
and no other (PYTEST_DISABLE_PLUGIN_AUTOLOAD=1, `-p` naming the plugin): the project's own
environment holds hypothesis, pytest-benchmark, anyio and pytest-xdist too, whose start-up
(about 1.4 s here) has nothing to do with either plugin; `--autoload` keeps them. the medians are printed with
the per-test overhead ((T[many] - T[1]) / (many - 1)) and the fixed cost (T[1] less one test).
pgshift's side is run three ways: warm (its test server left running by the previous run, the
usual case), cold (server stopped before each run: start included) and fresh (its cluster
deleted before each run: initdb, start and the template build included). pytest-postgresql
creates and starts a new cluster in every run, which is its only mode.

Usage: python bench/plugin.py [--runs 5] [--tests 100] [--user postgres] [--venv DIR]
       [--pg-bindir DIR] [--autoload] [--samples]
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from migrations.helpers import write_history  # noqa: E402
from pgshift.testing import destroy_test_server, stop_test_server  # noqa: E402

PYTEST_POSTGRESQL = "pytest-postgresql==10.0.0"

PGSHIFT_TEST = """
def test_{n:04d}(pgshift_conn):
    pgshift_conn.execute("insert into items (name) values ('x')")
    assert pgshift_conn.execute("select count(*) from items").fetchone() == (1,)
"""

PYTEST_POSTGRESQL_CONFTEST = """
import psycopg
from pytest_postgresql import factories

def create_items(host, port, user, dbname, password=None, **_):
    with psycopg.connect(host=host, port=port, user=user, dbname=dbname, password=password) as c:
        c.execute("create table items (id serial primary key, name text not null)")

postgresql_proc = factories.postgresql_proc(executable={pg_ctl!r}, load=[create_items])
postgresql = factories.postgresql("postgresql_proc")
"""

PYTEST_POSTGRESQL_TEST = """
def test_{n:04d}(postgresql):
    with postgresql.cursor() as cur:
        cur.execute("insert into items (name) values ('x')")
        cur.execute("select count(*) from items")
        assert cur.fetchone() == (1,)
"""


def write_tests(folder: Path, template: str, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test_items.py").write_text("".join(template.format(n=n) for n in range(count)))


def pgshift_project(base: Path, count: int) -> Path:
    root = base / f"pgshift-{count}"
    root.mkdir()
    (root / "pgshift.toml").write_text("")
    write_history(
        root / "migrations", ["create table items (id serial primary key, name text not null);\n"]
    )
    write_tests(root, PGSHIFT_TEST, count)
    return root


def pytest_postgresql_project(base: Path, count: int, *, pg_bindir: Path, user: str) -> Path:
    root = base / f"pytest-postgresql-{count}"
    root.mkdir()
    pg_ctl = str(pg_bindir / "pg_ctl")
    (root / "conftest.py").write_text(PYTEST_POSTGRESQL_CONFTEST.format(pg_ctl=pg_ctl))
    write_tests(root, PYTEST_POSTGRESQL_TEST, count)
    give_to(root, user)
    return root


def give_to(path: Path, user: str) -> None:
    if os.geteuid() != 0:
        return
    entry = pwd.getpwnam(user)
    for top, dirs, files in os.walk(path):
        for name in [top, *(os.path.join(top, n) for n in dirs + files)]:
            os.chown(name, entry.pw_uid, entry.pw_gid)


def ensure_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", PYTEST_POSTGRESQL, "psycopg[binary]"],
            check=True,
        )
    return python


def run_pytest(command: list[str], cwd: Path, count: int, *, autoload: bool) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PGSHIFT_", "PYTEST_"))}
    if not autoload:
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or f"{count} passed" not in result.stdout:
        raise SystemExit(f"{' '.join(command)} in {cwd} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tests", type=int, default=100)
    parser.add_argument("--user", default="postgres", help="Account for pytest-postgresql (root)")
    parser.add_argument("--venv", type=Path, default=Path("/tmp/pgshift-bench-pytest-postgresql"))
    parser.add_argument("--pg-bindir", type=Path, default=Path("/usr/lib/postgresql/15/bin"))
    parser.add_argument(
        "--autoload", action="store_true", help="Load every installed pytest plugin, as installed."
    )
    parser.add_argument("--samples", action="store_true", help="Print every run's time too.")
    args = parser.parse_args()

    python = ensure_venv(args.venv)
    sizes = (1, args.tests)
    base = Path(tempfile.mkdtemp(prefix="pgshift-bench-plugin-"))
    base.chmod(0o755)
    pgshift_roots = {n: pgshift_project(base, n) for n in sizes}
    ppg_roots = {
        n: pytest_postgresql_project(base, n, pg_bindir=args.pg_bindir, user=args.user)
        for n in sizes
    }
    pytest_args = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]
    pgshift_args = [*pytest_args, *([] if args.autoload else ["-p", "pgshift.testing.plugin"])]
    ppg_args = [*pytest_args, *([] if args.autoload else ["-p", "pytest_postgresql.plugin"])]
    as_user = ["runuser", "-u", args.user, "--"] if os.geteuid() == 0 else []

    def pgshift_run(n: int, before: Callable[[Path], object] | None = None) -> Callable[[], float]:
        def run() -> float:
            if before is not None:
                before(pgshift_roots[n])
            command = [sys.executable, *pgshift_args]
            return run_pytest(command, pgshift_roots[n], n, autoload=args.autoload)

        return run

    cases: dict[str, dict[int, Callable[[], float]]] = {
        "pgshift (warm)": {n: pgshift_run(n) for n in sizes},
        "pgshift (cold)": {n: pgshift_run(n, stop_test_server) for n in sizes},
        "pgshift (fresh)": {n: pgshift_run(n, destroy_test_server) for n in sizes},
        "pytest-postgresql": {
            n: (
                lambda n=n: run_pytest(
                    [*as_user, str(python), *ppg_args], ppg_roots[n], n, autoload=args.autoload
                )
            )
            for n in sizes
        },
    }
    for n in sizes:  # build each pgshift template once, so that "warm" is warm from the start
        pgshift_run(n)()
    samples: dict[tuple[str, int], list[float]] = {(c, n): [] for c in cases for n in sizes}
    loads = [os.getloadavg()[0]]
    for round_number in range(args.runs):
        names = list(cases)
        names = names[round_number % len(names) :] + names[: round_number % len(names)]
        for name in names:
            for n in sizes:
                samples[name, n].append(cases[name][n]())
        loads.append(os.getloadavg()[0])

    print(f"{args.tests} tests, each inserting a row and counting the table; median of {args.runs}")
    print(f"1-minute load average during the runs: {min(loads):.2f} to {max(loads):.2f}")
    header = f"{'':20} {'1 test':>9} {f'{args.tests} tests':>10} {'per test':>10} {'fixed':>8}"
    print(header)
    for name in cases:
        one = statistics.median(samples[name, 1])
        many = statistics.median(samples[name, args.tests])
        per_test = (many - one) / (args.tests - 1)
        print(f"{name:20} {one:8.2f}s {many:9.2f}s {per_test * 1000:8.1f}ms {one - per_test:7.2f}s")
        if args.samples:
            for n in sizes:
                print(f"{'':22}{n}: " + " ".join(f"{t:.2f}" for t in samples[name, n]))
    for n in sizes:
        destroy_test_server(pgshift_roots[n])
    shutil.rmtree(base)


if __name__ == "__main__":
    main()
