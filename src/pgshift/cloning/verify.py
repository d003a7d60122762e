"""Verification: the target against the snapshot the clone read.

- rows: a count and an order-independent checksum per table (the sum of a 64-bit hash of each
  row's text), the source side computed inside the clone's snapshot;
- sequences: (last_value, is_called) against the values read at the snapshot;
- schema: `pg_dump --schema-only` of both sides, comments and ownership lines removed, and
  pgshift's own catalog diff when it is installed.
"""

from __future__ import annotations

import difflib
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from ..errors import CloneError
from ..sqltext import ident
from ._runner import Job, run_jobs
from ._tools import DUMP_ENCODING, run_tool, spawn, tidy_stderr
from .catalog import Table, TableKey
from .streams import PsqlJob


@dataclass(frozen=True)
class TableCheck:
    """Rows and checksum of one table on one side."""

    rows: int
    checksum: int


def checksum_sql(table: Table, *, by_value: bool = False) -> str:
    """count(*) and the sum of a 64-bit hash of every row: equal sums for equal multisets.

    The hash is of the row's text, which any two servers print alike; `by_value` hashes the
    values themselves (`hash_record_extended`, about a third faster), which only servers of one
    major version (14 or later) are sure to compute alike, for tables whose columns all have
    built-in hashable types (`Table.hashable`).
    """
    columns = sql.SQL(", ").join(ident(c) for c in table.all_columns)
    if by_value:
        row_hash = sql.SQL("pg_catalog.hash_record_extended(ROW({}), 0)").format(columns)
    else:
        row_hash = sql.SQL("pg_catalog.hashtextextended(ROW({})::text, 0)").format(columns)
    query = sql.SQL("SELECT count(*), coalesce(sum({}), 0) FROM ONLY {}")
    return query.format(row_hash, table.ident).as_string(None)


class ChecksumJob(PsqlJob):
    """Count and checksum of one table on one side, read by psql. It never fails the jobs it
    runs among: its error is kept in `failure` for verification to report."""

    def __init__(
        self,
        table: Table,
        dsn: str,
        session_sql: Sequence[str],
        *,
        workdir: Path,
        key: str,
        by_value: bool,
    ) -> None:
        args = ["-A", "-t"]
        for statement in [*session_sql, checksum_sql(table, by_value=by_value and table.hashable)]:
            args += ["-c", statement]
        super().__init__(table.label, args, dsn, workdir=workdir, key=key)
        self.table_key = table.key
        self.result: TableCheck | None = None
        self.failure: str | None = None

    def finish(self) -> str | None:
        error = super().finish()
        if error is None:
            self.result = _parse(self.output)
        else:
            self.failure = error
        return None


def checksum_tables(
    tables: Sequence[Table],
    *,
    source: str,
    target: str,
    snapshot_sql: list[str],
    target_sql: list[str],
    workdir: Path,
    jobs: int,
    by_value: bool = False,
    on_done: Callable[[Job], None] | None = None,
    source_sums: Mapping[TableKey, TableCheck] | None = None,
) -> dict[TableKey, tuple[TableCheck, TableCheck]]:
    """(source, target) counts and checksums per table (`Table.key`), computed `jobs` at a time; the
    source's are not read again for the tables in `source_sums`."""
    known = dict(source_sums or {})
    sides: list[tuple[str, ChecksumJob]] = []
    for n, table in enumerate(tables):
        if table.key not in known:
            sides.append(
                ("source", ChecksumJob(
                    table, source, snapshot_sql, workdir=workdir, key=f"sum-s{n}",
                    by_value=by_value,
                ))
            )  # fmt: skip
        sides.append(
            ("target", ChecksumJob(
                table, target, target_sql, workdir=workdir, key=f"sum-t{n}", by_value=by_value
            ))
        )  # fmt: skip
    run_jobs([job for _, job in sides], limit=jobs, on_done=on_done)
    failed = next((job.failure for _, job in sides if job.failure is not None), None)
    if failed is not None:
        raise CloneError(f"verification could not read {failed}")
    found: dict[str, dict[TableKey, TableCheck]] = {"source": known, "target": {}}
    for side, job in sides:
        assert job.result is not None
        found[side][job.table_key] = job.result
    return {t.key: (found["source"][t.key], found["target"][t.key]) for t in tables}


def _parse(output: str) -> TableCheck:
    rows, checksum = output.strip().splitlines()[-1].split("|")
    return TableCheck(int(rows), int(checksum))


def normalized_schema(dsn: str, *, snapshot_id: str | None = None, owners: bool = False) -> str:
    """`pg_dump --schema-only` without comment lines, psql meta-commands and (unless `owners`)
    ownership lines.

    Two databases with the same objects give the same text.
    """
    args = ["--schema-only", "--exclude-schema=pgshift_clone", DUMP_ENCODING]
    if snapshot_id:
        args.append(f"--snapshot={snapshot_id}")
    text = run_tool("pg_dump", args, dsn, what="dump the schema for verification")
    return normalize_dump(text, owners=owners)


def normalize_dump(text: str, *, owners: bool = False) -> str:
    """Drop `--` comment lines, `\\restrict` lines, blank lines and (unless `owners`)
    `ALTER ... OWNER TO`."""
    kept = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("--") or line.startswith("\\"):
            continue
        if not owners and line.startswith("ALTER ") and " OWNER TO " in line:
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def schema_difference(source_text: str, target_text: str, *, limit: int = 20) -> str | None:
    """The first lines of a unified diff between two normalized dumps, or None when equal."""
    if source_text == target_text:
        return None
    lines = list(
        difflib.unified_diff(
            source_text.splitlines(), target_text.splitlines(), "source", "target", lineterm="", n=1
        )
    )
    return "\n".join(lines[:limit])


def load_schema_model(conn: psycopg.Connection[Any]) -> object | None:
    """pgshift's catalog model of a database, or None when inspect/diff are not installed."""
    import importlib

    try:
        importlib.import_module("pgshift.diff")
        load_model = getattr(importlib.import_module("pgshift.inspect"), "load_model", None)
    except ImportError:
        return None
    return None if not callable(load_model) else load_model(conn)


def compare_models(source: object, target: object, *, owners: bool = False) -> list[str] | None:
    """pgshift's own object-by-object diff of two models, or None when diff is not installed."""
    import importlib

    try:
        diff = importlib.import_module("pgshift.diff")
    except ImportError:
        return None
    compare, include = getattr(diff, "compare", None), getattr(diff, "Include", None)
    if not callable(compare) or include is None:
        return None
    what = include.OWNERS if owners else include.DEFINITIONS
    return [str(change) for change in compare(source, target, include=what)]


class SchemaDump:
    """`normalized_schema` of a database by a pg_dump running in the background."""

    def __init__(self, dsn: str, workdir: Path, *, owners: bool = False) -> None:
        self._owners = owners
        self._out = workdir / f"verify-dump-{id(self)}.sql"
        self._err = workdir / f"verify-dump-{id(self)}.err"
        args = ["--schema-only", "--exclude-schema=pgshift_clone", DUMP_ENCODING]
        args.append(f"--file={self._out}")
        with open(self._err, "wb") as err:
            self._proc = spawn("pg_dump", args, dsn, stderr=err)

    def result(self) -> str:
        self._proc.wait()
        if self._proc.returncode != 0:
            message = tidy_stderr(self._err.read_text(errors="replace"))
            raise CloneError(f"could not dump the schema for verification: {message}")
        return normalize_dump(self._out.read_text(), owners=self._owners)


def archive_schema(archive: Path, *, owners: bool = False) -> str:
    """`normalized_schema` of the database an archive (`schema.ArchiveDump`) was taken from:
    pg_restore prints the archive as pg_dump would have printed the database."""
    from ._tools import tool_path

    out = subprocess.run(
        [tool_path("pg_restore"), "--file=-", str(archive)], capture_output=True, check=False
    )
    if out.returncode != 0:
        message = tidy_stderr(out.stderr.decode(errors="replace"))
        raise CloneError(f"could not print the source schema for verification: {message}")
    return normalize_dump(out.stdout.decode(), owners=owners)
