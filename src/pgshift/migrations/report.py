"""`status` and `verify`: what is pending, and whether files and database still agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import MigrationFileError
from ..targets import Target
from . import history
from .files import CommittedMigration, check_hash, read_committed
from .runner import compile_current, open_session, pending_migrations
from .sqlscan import is_blank

PENDING = 1
CURRENT_NOT_BLANK = 2


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

    @property
    def code(self) -> int:
        """The exit-code bitmap: 1 committed migrations pending, 2 current migration not blank."""
        return (PENDING if self.pending else 0) | (0 if self.current_blank else CURRENT_NOT_BLANK)

    def to_json(self) -> dict[str, object]:
        return {
            "database": self.database,
            "environment": self.environment,
            "applied": self.applied,
            "last_applied": self.last_applied,
            "pending": self.pending,
            "pending_files": self.pending_files,
            "current": str(self.current_path),
            "current_blank": self.current_blank,
            "code": self.code,
        }


def status(config: Config, target: Target, *, shadow: bool = False) -> StatusResult:
    """What `migrate` would do, and whether the current migration holds anything. Writes nothing."""
    files = read_committed(config.migrations_dir)
    current, text = compile_current(config)
    with open_session(config, target.url(shadow=shadow), shadow=shadow) as session:
        applied = history.read_applied(session.conn, config.history_schema, create=False)
        todo = pending_migrations(files, applied, folder=config.migrations_dir)
        return StatusResult(
            database=session.conn.info.dbname,
            environment=config.environment,
            applied=len(applied),
            last_applied=applied[-1].filename if applied else None,
            pending=[m.filename for m in todo],
            pending_files=[m.real_filename for m in todo],
            current_path=current.path,
            current_blank=is_blank(text),
        )


@dataclass(frozen=True)
class Problem:
    kind: str  # edited | chain | database-ahead | diverged | unreadable
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
    """Re-hash every committed file and compare the chain with the database's history.

    Reports edited files (applied or not), a database ahead of the files, and diverged chains.
    """
    problems: list[Problem] = []
    try:
        files = read_committed(config.migrations_dir, check_hashes=False)
    except MigrationFileError as exc:
        return VerifyResult(0, 0, [Problem("chain", str(exc.path or ""), str(exc))])
    for committed in files:
        try:
            check_hash(committed)
        except MigrationFileError as exc:
            problems.append(Problem("edited", str(committed.path), str(exc)))
    with open_session(config, target.main) as session:
        applied = history.read_applied(session.conn, config.history_schema, create=False)
    by_name: dict[str, CommittedMigration] = {m.filename: m for m in files}
    previous: str | None = None
    for row in applied:
        migration = by_name.get(row.filename)
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
