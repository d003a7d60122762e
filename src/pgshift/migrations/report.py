"""`status` and `verify`: what is pending, and whether files and database still agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from ..config import MAIN_SET, Config
from ..errors import MigrationFileError
from ..targets import Target
from . import history, repeatable
from .files import CommittedMigration, check_hash, read_committed
from .runner import compile_current, open_session, plan_migrations
from .schemafile import is_schema_file_stale, keeps_schema_file
from .sqlscan import is_blank

PENDING = 1
CURRENT_NOT_BLANK = 2
SCHEMA_FILE_STALE = 4


@dataclass(frozen=True)
class SetStatus:
    """One migration set's part of `status`."""

    name: str
    applied: int
    last_applied: str | None
    pending: list[str]

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "applied": self.applied,
            "last_applied": self.last_applied,
            "pending": self.pending,
        }


@dataclass(frozen=True)
class StatusResult:
    database: str
    environment: str | None
    applied: int
    last_applied: str | None
    pending: list[str]  # as graphile-migrate lists them and the history stores them: 000002.sql
    pending_files: list[str]  # the files' own names: 000002-add-users.sql
    current_path: Path
    current_blank: bool
    sets: list[SetStatus] = field(default_factory=list)  # when the project has sets
    schema_file_stale: bool | None = None  # None: no schema file kept for this database

    @property
    def code(self) -> int:
        """The exit-code bitmap: 1 committed migrations pending, 2 current migration not blank,
        4 schema file stale."""
        return (
            (PENDING if self.pending else 0)
            | (0 if self.current_blank else CURRENT_NOT_BLANK)
            | (SCHEMA_FILE_STALE if self.schema_file_stale else 0)
        )

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "database": self.database,
            "environment": self.environment,
            "applied": self.applied,
            "last_applied": self.last_applied,
            "pending": self.pending,
            "pending_files": self.pending_files,
            "current": str(self.current_path),
            "current_blank": self.current_blank,
            "schema_file_stale": self.schema_file_stale,
            "code": self.code,
        }
        if self.sets:
            data["sets"] = [s.to_json() for s in self.sets]
        return data


def status(config: Config, target: Target, *, shadow: bool = False) -> StatusResult:
    """What `migrate` would do, for every migration set, and whether the current migration
    holds anything. Writes nothing and takes no lock.

    `pending` names files as the history does (`000002.sql`; `seed/000002.sql` in a set other
    than `main`); `applied` counts every set's history. With a schema file (not under a named
    environment), whether it differs from what the database gives (which takes a scratch
    database, see `schemadump`).
    """
    current, text = compile_current(config)
    with plan_migrations(config, target, shadow=shadow, lock=False) as plan:
        sets = []
        pending: list[str] = []
        pending_files: list[str] = []
        for step in plan.sets:
            prefix = "" if step.config.current_set == MAIN_SET else f"{step.config.current_set}/"
            # Committed files as the history names them, then the repeatable files that changed.
            names = [prefix + m.filename for m in step.pending]
            names += [step.label(f) for f in step.repeatables.run]
            pending += names
            pending_files += [step.label(m) for m in step.work()]
            last = step.applied[-1].filename if step.applied else None
            sets.append(SetStatus(step.config.current_set, len(step.applied), last, names))
        main = next((s for s in sets if s.name == config.current_set), sets[0])
        stale = None
        if keeps_schema_file(config, target):  # compared with the database looked at
            session = plan.session
            stale = is_schema_file_stale(config, session.conn, root_url=session.root_url)
        return StatusResult(
            database=plan.database,
            environment=config.environment,
            applied=sum(s.applied for s in sets),
            last_applied=main.last_applied,
            pending=pending,
            pending_files=pending_files,
            current_path=current.path,
            current_blank=is_blank(text),
            sets=sets if config.has_sets else [],
            schema_file_stale=stale,
        )


def _repeatable_drift(config: Config, conn: psycopg.Connection[Any]) -> list[Problem]:
    """Repeatable files that differ from what the database last ran (or were deleted)."""
    files = repeatable.read_repeatable(config)
    if not files and not (config.migrations_dir / repeatable.FOLDER).is_dir():
        return []
    found = repeatable.changes(files, repeatable.read_recorded(conn, config.history_schema))
    problems = [
        Problem(
            "drift",
            str(f.path),
            f"{f.path}: the repeatable file changed since the database last ran it "
            "(migrate runs it again)",
        )
        for f in found.run
    ]
    problems += [
        Problem(
            "drift",
            name,
            f"{repeatable.FOLDER}/{name}: deleted, but the database ran it (what it created "
            "stays; migrate forgets the file)",
        )
        for name in found.deleted
    ]
    return problems


@dataclass(frozen=True)
class Problem:
    kind: str  # edited | chain | database-ahead | diverged | unreadable | drift
    path: str
    message: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    applied: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(config: Config, target: Target) -> VerifyResult:
    """Re-hash every committed file and compare the chain with the database's history, for
    every migration set.

    Reports edited files (applied or not), a database ahead of the files, and diverged chains.
    """
    checked = applied = 0
    problems: list[Problem] = []
    with open_session(config, target.main) as session:
        for set_config in config.set_configs():
            result = _verify_set(set_config, session.conn)
            checked += result.checked
            applied += result.applied
            problems += result.problems
    return VerifyResult(checked, applied, problems)


def _verify_set(config: Config, conn: psycopg.Connection[Any]) -> VerifyResult:
    problems = _repeatable_drift(config, conn)
    try:
        files = read_committed(config.migrations_dir, check_hashes=False)
    except MigrationFileError as exc:
        return VerifyResult(0, 0, [Problem("chain", str(exc.path or ""), str(exc))])
    for committed in files:
        try:
            check_hash(committed)
        except MigrationFileError as exc:
            problems.append(Problem("edited", str(committed.path), str(exc)))
    applied = history.read_applied(conn, config.history_schema, create=False)
    by_name: dict[str, CommittedMigration] = {m.filename: m for m in files}
    squashed = {name for m in files for name in m.squashes}
    previous: str | None = None
    for row in applied:
        migration = by_name.get(row.filename)
        if migration is None and row.filename in squashed:
            previous = row.hash  # replaced by a squash file: its row stays in the chain
            continue
        if migration is None:
            problems.append(
                Problem(
                    "database-ahead",
                    row.filename,
                    f"the database applied {row.filename} ({row.hash}), which no file holds",
                )
            )
        elif migration.hash != row.hash:
            problems.append(
                Problem(
                    "diverged",
                    str(migration.path),
                    f"{migration.real_filename}: the file's hash is {migration.hash}, "
                    f"the database applied {row.hash}",
                )
            )
        if row.previous_hash != previous:
            problems.append(
                Problem(
                    "diverged", row.filename, f"the database's chain is broken at {row.filename}"
                )
            )
        previous = row.hash
    return VerifyResult(len(files), len(applied), problems)
