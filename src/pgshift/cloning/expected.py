"""The source's half of the verification, taken in the snapshot while the target is busy.

The snapshot never changes, so what the source holds can be read at any time: pgshift reads it
while the target's psql applies the schema (see `inprocess.copy_tables`), and the verification
at the end only has the target's half left. An error is kept and raised by verification, as if
it had happened there.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg

from ..errors import CloneError
from . import inprocess
from .catalog import Table, TableKey
from .largeobjects import LargeObjectsCheck, check_large_objects
from .verify import ChecksumJob, TableCheck, archive_schema, load_schema_model


class SourceSide:
    """Checksums of the small tables, the large objects (`rows`), the schema as pg_dump prints
    it, and the catalog model,
    all of the source in the snapshot; computed once, by `prepare()`."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        tables: Sequence[Table],
        *,
        archive: Path | None,
        by_value: bool,
        owners: bool,
        rows: bool,
        new_owner: str | None = None,
    ) -> None:
        self._conn = conn
        self._tables = [t for t in tables if inprocess.is_small_table(t)] if rows else []
        self._rows = rows
        self._objects: LargeObjectsCheck | None = None
        self._big_jobs: list[ChecksumJob] = []
        self._archive = archive
        self._by_value = by_value
        self._owners = owners
        self._new_owner = new_owner  # who owns the large objects on the target, without owners
        self._ready = False
        self._error: CloneError | None = None
        self._sums: dict[TableKey, TableCheck] = {}
        self._schema: str | None = None
        self._model: object | None = None

    def prepare(self) -> None:
        """Read everything (once); keep an error for `sums`, `schema` and `model` to raise."""
        if self._ready:
            return
        self._ready = True
        try:
            checks = inprocess.checksums(
                self._tables,
                source=self._conn,
                target=None,
                by_value=self._by_value,
                on_done=lambda _: None,
            )
            self._sums = {key: pair[0] for key, pair in checks.items()}
            if self._rows:
                with self._conn.transaction():
                    self._objects = check_large_objects(
                        self._conn, owners=self._owners, new_owner=self._new_owner
                    )
            if self._archive is not None:
                self._schema = archive_schema(self._archive, owners=self._owners)
                # In a savepoint: an error must not end the snapshot's transaction, which
                # readers still have to import.
                with self._conn.transaction():
                    self._model = load_schema_model(self._conn)
        except CloneError as exc:
            self._error = exc
        except psycopg.Error as exc:
            message = (exc.diag.message_primary or str(exc)).strip()
            self._error = CloneError(f"verification could not read the source: {message}")

    def _checked(self) -> None:
        self.prepare()
        if self._error is not None:
            raise self._error

    @property
    def sums(self) -> dict[TableKey, TableCheck]:
        """Count and checksum of each small table (by `Table.key`)."""
        self._checked()
        return self._sums

    def checksum_jobs(
        self, tables: Sequence[Table], *, source: str, snapshot_sql: list[str], workdir: Path
    ) -> list[ChecksumJob]:
        """psql jobs reading the checksums of the tables that are not small (`tables`), for a
        slot the data phase leaves free; `big_sums` then holds what they read."""
        self._big_jobs = [
            ChecksumJob(
                table,
                source,
                snapshot_sql,
                workdir=workdir,
                key=f"early-sum-{n}",
                by_value=self._by_value,
            )
            for n, table in enumerate(tables)
            if not inprocess.is_small_table(table)
        ]
        return list(self._big_jobs)

    @property
    def big_sums(self) -> dict[TableKey, TableCheck]:
        """The checksums those jobs read (a table whose job failed or did not run is left out:
        verification reads it again, and reports the error)."""
        return {job.table_key: job.result for job in self._big_jobs if job.result is not None}

    @property
    def large_objects(self) -> LargeObjectsCheck:
        """The large objects' metadata and contents (see `largeobjects.check_large_objects`)."""
        self._checked()
        assert self._objects is not None
        return self._objects

    @property
    def schema(self) -> str | None:
        """The normalized schema text (None for a clone that copies no schema)."""
        self._checked()
        return self._schema

    @property
    def model(self) -> object | None:
        """The catalog model (None without inspect/diff, or without a schema to compare)."""
        self._checked()
        return self._model
