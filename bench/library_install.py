"""What the helper library adds to every `pgshift migrate`: installing pgshift_utils.

Measures install_runtime on one connection (as the migration runner calls it):
  - first install into an empty database;
  - up to date (the cost added to every migrate; target: under 30 ms) — median and p95;
  - upgrade (the fingerprint differs, so the SQL runs again over the installed version).
Also prints the define migration's run time, for reference.

Usage: python bench/library_install.py [--runs 200] [--dsn SUPERUSER_DSN]
Without --dsn (or PGSHIFT_BENCH_DSN) it starts an embedded server in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

from pgshift import server
from pgshift.db import with_database
from pgshift.library.install import define_migration_sql, install_runtime


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def measure(dsn: str, runs: int) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        started = time.perf_counter()
        assert install_runtime(conn, multitenancy=True)
        first = time.perf_counter() - started

        noop = []
        for _ in range(runs):
            started = time.perf_counter()
            assert not install_runtime(conn, multitenancy=True)
            noop.append(time.perf_counter() - started)

        upgrades = []
        for _ in range(max(3, runs // 20)):
            conn.execute("comment on schema pgshift_utils is 'an older release'")
            started = time.perf_counter()
            assert install_runtime(conn, multitenancy=True)
            upgrades.append(time.perf_counter() - started)

        started = time.perf_counter()
        conn.execute(define_migration_sql(multitenancy=True).encode())
        define = time.perf_counter() - started

    noop.sort()
    p95 = noop[min(len(noop) - 1, int(len(noop) * 0.95))]
    median = statistics.median(noop)
    print(f"first install:        {milliseconds(first)}")
    print(
        f"up to date (median):  {milliseconds(median)}   target < 30 ms:"
        f" {'ok' if median < 0.03 else 'MISSED'}"
    )
    print(f"up to date (p95):     {milliseconds(p95)}   ({runs} runs)")
    print(f"upgrade (median):     {milliseconds(statistics.median(upgrades))}")
    print(f"define migration:     {milliseconds(define)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--dsn", default=os.environ.get("PGSHIFT_BENCH_DSN"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pgshift-bench-") as work:
        base = args.dsn
        if base is None:
            base = server.start(Path(work)).url("postgres")
        name = f"bench_library_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        try:
            measure(with_database(base, name), args.runs)
        finally:
            with psycopg.connect(base, autocommit=True) as admin:
                admin.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))
            if args.dsn is None:
                server.stop(Path(work))


if __name__ == "__main__":
    main()
