"""The schema file of one schema on two PostgreSQL major versions, compared line by line.

For each server (the bundled PostgreSQL 18, and the installation `--bindir` names, by default
PostgreSQL 15 at /usr/lib/postgresql/15/bin), a throwaway project: `pgshift init`,
`schema_file = "schema.sql"`, the fixture (default: tests/inspect/everything.sql, one object of
every kind inspect reads) as current.sql, `pgshift commit`, then `pgshift commit` of a second
migration and a `reset --erase` to check that each server writes the same bytes every time.
Prints whether each server's file was stable and the unified diff between the two servers'
files, then destroys the projects' clusters.

Usage: python bench/schema_file_versions.py [--bindir DIR] [--fixture FILE] [--keep DIR]
Exit code 0 when the files are identical, 1 when they differ (the diff is the report), 2 when a
step failed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECOND = (
    "create table later (id int primary key, note text);\ngrant select on later to pg_monitor;\n"
)


def pgshift(project: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "pgshift", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        raise SystemExit(f"pgshift {' '.join(args)} failed in {project}:\n{result.stderr}")
    return result.stdout


def schema_file(project: Path, env: dict[str, str], fixture: str) -> tuple[str, bool, str]:
    """(the file after the fixture and a second migration, stable across a rebuild, version)."""
    pgshift(project, env, "init")
    with (project / "pgshift.toml").open("a") as toml:
        toml.write('\nschema_file = "schema.sql"\n')
    (project / "migrations" / "current.sql").write_text(fixture)
    pgshift(project, env, "commit", "-m", "fixture")
    (project / "migrations" / "current.sql").write_text(SECOND)
    pgshift(project, env, "commit", "-m", "second")
    text = (project / "schema.sql").read_text()
    (project / "schema.sql").unlink()
    pgshift(project, env, "reset", "--erase", "--force")
    stable = (project / "schema.sql").read_text() == text
    version = pgshift(project, env, "run", "--json", str(project / "version.sql"))
    return text, stable, version


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bindir", default="/usr/lib/postgresql/15/bin")
    parser.add_argument("--fixture", default=str(ROOT / "tests" / "inspect" / "everything.sql"))
    parser.add_argument("--keep", metavar="DIR", help="Also copy both schema files into DIR.")
    args = parser.parse_args()
    fixture = Path(args.fixture).read_text()
    base = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    base.pop("PGSHIFT_PG_BINDIR", None)
    servers = {
        "bundled": base,
        Path(args.bindir).parent.name: {**base, "PGSHIFT_PG_BINDIR": args.bindir},
    }
    files: dict[str, str] = {}
    parent = Path(tempfile.mkdtemp(prefix="pgshift-schema-file-"))
    try:
        for label, env in servers.items():
            project = parent / label
            project.mkdir()
            (project / "version.sql").write_text("select current_setting('server_version') as v;\n")
            try:
                text, stable, version = schema_file(project, env, fixture)
            finally:
                subprocess.run(
                    [sys.executable, "-m", "pgshift", "db", "destroy", "--yes"],
                    cwd=project,
                    env=env,
                    capture_output=True,
                    check=False,
                )
            name = f"{label} (PostgreSQL {json.loads(version)[0]['v']})"
            files[name] = text
            print(f"{name}: {len(text.splitlines())} lines, same bytes after a rebuild: {stable}")
            if args.keep:
                Path(args.keep).mkdir(parents=True, exist_ok=True)
                (Path(args.keep) / f"{label}.sql").write_text(text)
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    (first, a), (second, b) = files.items()
    diff = list(difflib.unified_diff(a.splitlines(), b.splitlines(), first, second, lineterm=""))
    if not diff:
        print("identical")
        return 0
    changed = sum(1 for line in diff[2:] if line.startswith(("-", "+")))
    print(f"{changed} changed lines:")
    print("\n".join(diff))
    return 1


if __name__ == "__main__":
    sys.exit(main())
