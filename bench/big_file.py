"""A 50,000-line migration: pgshift commit and watch against psql applying the same file.

The file creates a table and inserts one row per line. Measured, each in a fresh project on a
throwaway embedded server (one server for the run):

- floor: `psql -1 -f current.sql` (one transaction, statement by statement), on the dev database;
- commit: `pgshift commit` (resets the shadow database, applies the new migration there and on
  the dev database, which already ran the file: so twice the server's work of the floor);
- judge: `pgshift watch --once` on the unchanged file (a whole command, process start included);
- memory: the largest resident set of a pgshift process in the run.

Targets (issue "Errors that say where", point 7): commit within 2x the floor + 0.5 s; an unchanged
file judged in under 0.5 s; memory bounded.

Usage: python bench/big_file.py [--lines 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pgshift import server  # noqa: E402

PGSHIFT = [sys.executable, "-m", "pgshift"]


def _sql(lines: int) -> str:
    rows = (f"insert into huge values ({i}, 'value {i}');" for i in range(lines - 2))
    # Idempotent, as a current migration must be: commit runs it again on the dev database.
    head = "create table if not exists huge (id int primary key, v text);\ntruncate huge;\n"
    return head + "\n".join(rows) + "\n"


def _run(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - started


def _project(base: Path, n: int, info: server.ServerInfo, sql: str) -> Path:
    """A project on its own two databases of the bench server."""
    folder = base / f"p{n}"
    (folder / "migrations" / "committed").mkdir(parents=True)
    names = (f"big_{n}", f"big_{n}_shadow")
    for name in names:
        subprocess.run(
            [
                str(server.client_bindir() / "psql"),
                "-q",
                info.url("postgres"),
                "-c",
                f'create database "{name}"',
            ],
            check=True,
            capture_output=True,
        )
    (folder / "pgshift.toml").write_text(
        f'database_url = "{info.url(names[0])}"\n'
        f'shadow_database_url = "{info.url(names[1])}"\n'
        "[library]\ninstall = false\n"
    )
    (folder / "migrations" / "current.sql").write_text(sql)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sql = _sql(args.lines)
    psql = str(server.client_bindir() / "psql")
    base = Path(tempfile.mkdtemp(prefix="pgshift-bigfile-"))
    os.chmod(base, 0o755)
    info = server.start(base)
    floor, commit, judge = [], [], []
    try:
        for n in range(args.runs):
            project = _project(base, n, info, sql)
            url = info.url(f"big_{n}")
            floor.append(
                _run(
                    [
                        psql,
                        "-q",
                        "-X",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-1",
                        "-f",
                        "migrations/current.sql",
                        url,
                    ],
                    project,
                )
            )
            subprocess.run(
                [psql, "-q", url, "-c", "drop table huge"], check=True, capture_output=True
            )
            _run([*PGSHIFT, "watch", "--once"], project)  # what a user did before committing
            judge.append(_run([*PGSHIFT, "watch", "--once"], project))
            commit.append(_run([*PGSHIFT, "commit", "-m", "big"], project))
    finally:
        server.destroy(base)
        shutil.rmtree(base, ignore_errors=True)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    f, c, j = (statistics.median(x) for x in (floor, commit, judge))
    print(f"{args.lines} lines, {len(sql) / 1e6:.1f} MB, medians of {args.runs} runs")
    print(f"  floor (psql -1 -f)       {f:6.2f} s")
    print(
        f"  pgshift commit           {c:6.2f} s   target <= {2 * f + 0.5:.2f} s "
        f"({'met' if c <= 2 * f + 0.5 else 'MISSED'})"
    )
    print(
        f"  pgshift watch, unchanged {j:6.2f} s   target < 0.50 s "
        f"({'met' if j < 0.5 else 'MISSED'})"
    )
    print(f"  peak resident set of a child process: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
