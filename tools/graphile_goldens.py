"""Regenerate tests/compat/graphile/committed/ with the real graphile-migrate 1.4.1.

Usage: python tools/graphile_goldens.py   (needs node + npm, and starts the embedded server)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "compat" / "graphile")]

import psycopg  # noqa: E402
from cases import CASES, PLACEHOLDERS  # noqa: E402

from graphile import GraphileMigrate, install  # noqa: E402
from pgshift import server  # noqa: E402


def main() -> None:
    binary = install()
    if binary is None:
        sys.exit("node and npm are needed")
    work = Path(tempfile.mkdtemp())
    info = server.start(work)
    with psycopg.connect(info.url("postgres"), autocommit=True) as conn:
        for name in ("gm_golden", "gm_golden_shadow"):
            conn.execute(f'drop database if exists "{name}" with (force)')  # noqa: S608
            conn.execute(f'create database "{name}"')  # noqa: S608
    gm = GraphileMigrate(
        binary,
        work,
        database_url=info.url("gm_golden"),
        shadow_url=info.url("gm_golden_shadow"),
        root_url=info.url("postgres"),
        placeholders=PLACEHOLDERS,
    )
    (work / "migrations" / "committed").mkdir(parents=True)
    for text, message in CASES:
        (work / "migrations" / "current.sql").write_text(text)
        gm.run("commit", *(["-m", message] if message else []))
    target = ROOT / "tests" / "compat" / "graphile" / "committed"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(work / "migrations" / "committed", target)
    for path in target.iterdir():
        path.chmod(0o644)
    server.stop(work)
    print(f"wrote {len(list(target.iterdir()))} files to {target}")


if __name__ == "__main__":
    main()
