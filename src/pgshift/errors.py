"""Every exception pgshift raises for its users to catch: `PgshiftError` and its family.

A `PgshiftError` is a user-facing failure: the CLI prints its message (no traceback) and exits 1
(2 for `UsageError`). Any other exception reaching the CLI is a bug.

A few modules keep private exceptions used as internal signals, caught inside their own
package and never seen by a caller: `cloning.inprocess.CopyFailed` (one table's copy failed;
turned into a `CloneError`), `snippets._jsontext.JsonProblem` and `_DuplicateKey` (a JSON
mistake at an offset; turned into a `SnippetError` with file and line) and
`migrations.runner._CurrentFailed` (the current migration failed inside a transaction; turned
into a located `DatabaseError` once that transaction is rolled back) and
`migrations.lockwait.LockNotGranted` (an attempt hit its lock timeout; retried, then turned into
a `LockTimeoutError`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class PgshiftError(Exception):
    """Base class: the message says what went wrong, where, and what to do next."""


class ConfigError(PgshiftError):
    """The configuration is invalid; `.problems` lists every problem found."""

    def __init__(self, problems: Sequence[str], *, source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        where = f"{source}: " if source else ""
        if len(self.problems) == 1:
            super().__init__(f"{where}{self.problems[0]}")
        else:
            lines = "\n".join(f"  - {p}" for p in self.problems)
            super().__init__(f"{where}{len(self.problems)} configuration problems:\n{lines}")


class UsageError(PgshiftError):
    """The command was asked for something it cannot do as asked (exit code 2)."""


class ServerError(PgshiftError):
    """The embedded PostgreSQL server could not be set up, started or reached."""


class ConnectionFailedError(PgshiftError):
    """A database could not be reached; the message carries the redacted DSN."""


class LockedError(PgshiftError):
    """Another pgshift process holds the advisory lock."""


class ForeignHistoryError(PgshiftError):
    """pgshift's history is empty but the database holds another migration tool's; nothing was
    changed. `.histories` lists what was found (`adoption.histories.ForeignHistory`)."""

    def __init__(self, message: str, *, histories: Sequence[object] = ()) -> None:
        self.histories = list(histories)
        super().__init__(message)


class ConfirmationRequiredError(PgshiftError):
    """A `confirm = true` environment needs a human yes (or `--yes`)."""


class MigrationFileError(PgshiftError):
    """A migration file is malformed. `.path` and `.line` say where (line is 1-based)."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.path = Path(path) if path is not None else None
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line else f"{path}: "
        self.detail = message
        super().__init__(f"{where}{message}")


class HashMismatchError(MigrationFileError):
    """A committed file's body no longer matches its `Hash` header."""


class BrokenChainError(MigrationFileError):
    """A committed file's `Previous` does not match the hash of the file before it."""


class DatabaseError(PgshiftError):
    """The server rejected SQL; `.path`, `.line`, `.column` point into the file that sent it.

    The psycopg exception is kept as `__cause__`.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        sqlstate: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.sqlstate = sqlstate
        # The message without its leading "file:line:column: ", to say it of another place.
        self.detail = detail if detail is not None else message
        super().__init__(message)

    def relocated(self, path: Path, line: int | None) -> DatabaseError:
        """The same error said of another file and line (the column stays)."""
        where = f"{path}:{line}:{self.column}" if line and self.column else f"{path}:{line}"
        moved = DatabaseError(
            f"{where if line else path}: {self.detail}",
            path=path,
            line=line,
            column=self.column,
            sqlstate=self.sqlstate,
            detail=self.detail,
        )
        moved.__cause__ = self.__cause__
        return moved


class LockTimeoutError(DatabaseError):
    """A migration was refused a lock within `lock_timeout` on every attempt, and rolled back
    (a `--! no-transaction` one: what it left is dropped, or named in the message). `.wait`
    says what it waited for and who held it (`migrations.lockwait.LockWait`; None when that
    session let go before pgshift saw it); `.attempts` how often it tried."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        sqlstate: str | None = None,
        detail: str | None = None,
        wait: object = None,
        attempts: int = 0,
    ) -> None:
        super().__init__(message, path=path, sqlstate=sqlstate, detail=detail)
        self.wait = wait
        self.attempts = attempts


class LintRefusedError(PgshiftError):
    """`commit` with lint_on_commit = "refuse" found what the linter judges dangerous; nothing
    was committed. `.findings` lists them (`lint.Finding`, said of the committed file)."""

    def __init__(self, message: str, *, findings: Sequence[object] = ()) -> None:
        self.findings = list(findings)
        super().__init__(message)


class UnsafeChangeError(PgshiftError):
    """A diff holds destructive changes and `allow_destructive` was not given."""

    def __init__(self, message: str, *, changes: Sequence[object] = ()) -> None:
        self.changes = list(changes)
        super().__init__(message)


class BaselineMismatchError(PgshiftError):
    """A baseline did not rebuild its database on the shadow database; the file was removed.
    `.changes` lists what `diff` still finds (`diff.Change`)."""

    def __init__(self, message: str, *, changes: Sequence[object] = ()) -> None:
        self.changes = list(changes)
        super().__init__(message)


class CompatibilityError(PgshiftError):
    """A library change would break databases already running the old version."""

    def __init__(self, message: str, *, findings: Sequence[object] = ()) -> None:
        self.findings = list(findings)
        super().__init__(message)


class CloneError(PgshiftError):
    """A clone failed; the message says what state the target is in."""


class SnippetError(PgshiftError):
    """Snippet sources hold mistakes; `.problems` lists every one (each with file and line)."""

    def __init__(self, problems: Sequence[object]) -> None:
        self.problems = list(problems)
        if len(self.problems) == 1:
            text = str(self.problems[0])
        else:
            listed = "\n".join(f"  {p}" for p in self.problems)
            text = f"{len(self.problems)} problems in snippet sources:\n{listed}"
        super().__init__(text + "\nNothing was written.")


# --- SQL helper library (pgshift/library; SQLSTATE mapping in library/codes.py) ---------------


class LibraryError(PgshiftError):
    """An error raised by the SQL helper library (SQLSTATE class PS) or mapped to it.

    Keeps what the server said: `.sqlstate`, `.detail`, `.hint`, and where it happened when the
    server knows (`.schema`, `.table`, `.column`, `.constraint`).
    """

    def __init__(
        self,
        message: str,
        *,
        sqlstate: str | None = None,
        detail: str | None = None,
        hint: str | None = None,
        schema: str | None = None,
        table: str | None = None,
        column: str | None = None,
        constraint: str | None = None,
    ) -> None:
        self.message = message
        self.sqlstate = sqlstate
        self.detail = detail
        self.hint = hint
        self.schema = schema
        self.table = table
        self.column = column
        self.constraint = constraint
        super().__init__(message)


class ValidationFailedError(LibraryError):
    """A value broke a validation rule (PSV codes) or a CHECK constraint (23514)."""


class PermissionDeniedError(LibraryError):
    """The caller lacks a permission (PSA01) or a row-level-security policy refused (42501)."""


class NotAuthenticatedError(PermissionDeniedError):
    """The session names no user where one is required (PSA02)."""


class TenantMismatchError(LibraryError):
    """A row belongs to another tenant or environment than the session's, or moved (PST01)."""


class TenantRequiredError(TenantMismatchError):
    """Neither the row nor the session names a tenant or environment (PST02)."""


class SetupError(LibraryError):
    """The library was called or installed wrongly: bad argument, name over 63 bytes, missing
    column or extension, malformed session setting (PS0xx codes)."""


# --- end of SQL helper library section ---------------------------------------------------------
