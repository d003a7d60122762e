"""The measured half of the linter: run a migration's statements one by one in a transaction
on the shadow database, read after each which relations it locked and how, whether it rewrote
or scanned them, and roll everything back.

A lock is held until the transaction ends, so what a statement is charged with is every
existing relation it touched (a new lock mode on it, a new file, a scan) and the strongest
mode the migration holds on that relation once the statement ran: a CREATE INDEX after an
ALTER TABLE of the same table builds its index under the ALTER's ACCESS EXCLUSIVE lock.
Relations created by the migration itself are nobody else's yet, and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

from ..migrations.placeholders import replace_placeholders
from ..queries import read_query
from .checks import cannot_run_in_transaction
from .model import Lock, lock_strength
from .statements import Statement


@dataclass(frozen=True)
class _Relation:
    schema: str
    name: str
    kind: str
    filenode: int
    seq_scan: int


@dataclass
class Measurement:
    """What running a migration's statements showed.

    `locks[i]`: the existing relations locked once statement `i` ran, those it touched marked
    so (absent: it was not run: it cannot run in a transaction, or ends or opens one).
    `failure`: the statement that failed and the server's error (nothing after it was run).
    """

    locks: dict[int, tuple[Lock, ...]] = field(default_factory=dict)
    failure: tuple[Statement, psycopg.Error] | None = None


def measure_statements(
    conn: psycopg.Connection[Any],
    statements: Sequence[Statement],
    *,
    placeholders: Mapping[str, str],
) -> Measurement:
    """Run `statements` in one transaction on `conn` (an idle autocommit connection to the
    shadow database), reading the locks after each; always rolled back."""
    result = Measurement()
    # Everything is read inside the transaction: the session's scan counts are only flushed to
    # the shared statistics (and reset) between transactions.
    conn.execute("begin")
    try:
        tracker = _Tracker(conn)
        for statement in statements:
            if _not_measurable(statement):
                continue
            try:
                conn.execute(replace_placeholders(statement.text, placeholders))
            except psycopg.Error as exc:
                result.failure = (statement, exc)
                break
            result.locks[statement.index] = tracker.after_statement()
    finally:
        conn.rollback()
    return result


class _Tracker:
    """What the transaction held, and each relation's file and scan count, after the last
    statement: what the next one changes is what it did."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self.before = _relations(conn)
        self.filenodes = {oid: r.filenode for oid, r in self.before.items()}
        self.scans = {oid: r.seq_scan for oid, r in self.before.items()}
        self.modes = _held(conn)[0]

    def after_statement(self) -> tuple[Lock, ...]:
        """The existing relations locked now, those the statement touched marked so."""
        now, files, scanned = _held(self.conn)
        locks = []
        for oid, held in now.items():
            relation = self.before.get(oid)
            if relation is None:
                continue  # created by the migration
            filenode = files.get(oid)
            rewrite = filenode is not None and filenode != self.filenodes[oid]
            # For an index the count is of index scans, which read little: tables only.
            count = scanned.get(oid, self.scans[oid])
            scan = relation.kind in _TABLES and count > self.scans[oid]
            touched = bool(held - self.modes.get(oid, set())) or rewrite or scan
            locks.append(_lock(relation, held, rewrite=rewrite, scanned=scan, touched=touched))
            if filenode is not None:
                self.filenodes[oid] = filenode
            self.scans[oid] = max(self.scans[oid], count)
        self.modes = now
        return tuple(sorted(locks, key=lambda lock: lock.relation))


_TABLES = ("r", "p", "m")  # pg_class.relkind: table, partitioned table, materialized view


def _not_measurable(statement: Statement) -> bool:
    # A statement that opens or ends a transaction would end the measurement's own.
    return statement.kind == "TransactionStmt" or cannot_run_in_transaction(statement)


def _lock(
    relation: _Relation, modes: set[str], *, rewrite: bool, scanned: bool, touched: bool
) -> Lock:
    return Lock(
        schema=relation.schema,
        name=relation.name,
        mode=max(modes, key=lock_strength),
        rewrite=rewrite,
        scanned=scanned,
        kind=relation.kind,
        touched=touched,
    )


def _relations(conn: psycopg.Connection[Any]) -> dict[int, _Relation]:
    rows = conn.execute(read_query("lint", "relations")).fetchall()
    return {int(r[0]): _Relation(r[1], r[2], r[3], int(r[4]), int(r[5])) for r in rows}


def _held(
    conn: psycopg.Connection[Any],
) -> tuple[dict[int, set[str]], dict[int, int | None], dict[int, int]]:
    """The modes held per relation, each relation's file (None: dropped) and scan count."""
    modes: dict[int, set[str]] = {}
    files: dict[int, int | None] = {}
    scans: dict[int, int] = {}
    for oid, mode, filenode, seq_scan in conn.execute(read_query("lint", "held_locks")):
        modes.setdefault(int(oid), set()).add(str(mode))
        files[int(oid)] = None if filenode is None else int(filenode)
        if seq_scan is not None:
            scans[int(oid)] = int(seq_scan)
    return modes, files, scans


def read_sizes(
    conn: psycopg.Connection[Any], relations: Sequence[str]
) -> dict[str, tuple[int, int | None]]:
    """Size in bytes and live rows (None for an index or a never-analysed table... as the
    statistics say) of each relation that exists on `conn`'s database, by display name."""
    if not relations:
        return {}
    rows = conn.execute(read_query("lint", "table_sizes"), {"names": list(relations)}).fetchall()
    return {
        str(name): (int(size), None if live is None else int(live)) for name, size, live in rows
    }
