"""`commit` and `uncommit`: moving the current migration into history and back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import DatabaseError, MigrationFileError, PgshiftError, UsageError
from ..targets import Target
from . import history
from .files import (
    committed_dir,
    fold_includes,
    read_committed,
    read_text,
    write_current,
)
from .hashing import compute_hash, js_trim
from .headers import check_message, parse_migration_text, serialize_migration, slugify
from .runner import (
    check_single_statement,
    compile_current,
    compile_current_located,
    migrate,
    open_session,
    reset,
)
from .schemafile import SchemaFileResult
from .sqlscan import is_blank, is_no_transaction


@dataclass(frozen=True)
class CommitResult:
    path: Path
    hash: str
    schema_file: SchemaFileResult | None = None  # written once the main database is migrated


def commit(config: Config, target: Target, *, message: str | None = None) -> CommitResult:
    """Commit the current migration as the next numbered file, proven on the shadow database.

    The shadow database is reset and migrated with the new file, then the main database is
    migrated; on any failure the new file is removed and current.sql is left as it was.
    """
    files = read_committed(config.migrations_dir)
    current, text, locate = compile_current_located(config)
    parsed = parse_migration_text(text, current.path, strict=False)
    message = message if message is not None else parsed.headers.get("Message")
    if message:
        check_message(message)
    if is_blank(parsed.body):
        raise MigrationFileError(
            "the current migration is blank; nothing to commit", path=current.path
        )
    last = files[-1] if files else None
    slug = slugify(message) if message else ""
    name = f"{(last.number + 1) if last else 1:06d}" + (f"-{slug}" if slug else "") + ".sql"
    digest = compute_hash(parsed.body, last.hash if last else None)
    headers: dict[str, str | None] = {"Previous": last.hash if last else "-", "Hash": digest}
    if message:
        headers["Message"] = message
    headers.update(
        {k: v for k, v in parsed.headers.items() if k not in ("Previous", "Hash", "Message")}
    )
    path = committed_dir(config.migrations_dir) / name
    check_single_statement(parsed.body, path=current.path, line=parsed.body_line)

    reset(config, target, shadow=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialize_migration(parsed.body, headers), encoding="utf-8")
    path.chmod(0o440)

    # An error in the new file is said of current.sql (or the fixture or part it came from):
    # the committed file is removed again, and its headers shift every line.
    def in_current(exc: DatabaseError, note: str) -> DatabaseError:
        if exc.path != path:
            return exc
        line = None
        if exc.line is not None:
            text_line = parsed.body_line + exc.line - (len(headers) + 2)
            where, line = locate(text_line)
        else:
            where = current.path
        moved = exc.relocated(where, line)
        return DatabaseError(
            f"{moved}\n  note: {note}",
            path=moved.path,
            line=moved.line,
            column=moved.column,
            sqlstate=moved.sqlstate,
            detail=f"{moved.detail}\n  note: {note}",
        )

    try:
        try:
            migrate(config, target, shadow=True)
        except DatabaseError as exc:
            raise in_current(exc, "nothing was committed; current.sql is unchanged") from exc
        try:
            main = migrate(config, target)
        except DatabaseError as exc:
            raise in_current(
                exc,
                "nothing was committed: the new migration worked on the shadow database but "
                "failed on the main one, which already ran the current migration; keep "
                "current.sql idempotent (for example `drop table if exists ...` before "
                "`create table`)",
            ) from exc
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    write_current(current, js_trim(config.blank_migration_content) + "\n")
    return CommitResult(path, digest, main.schema_file)


@dataclass(frozen=True)
class UncommitResult:
    path: Path
    current: Path


def uncommit(config: Config, target: Target) -> UncommitResult:
    """Move the last committed migration back into the current migration (which must be blank)."""
    files = read_committed(config.migrations_dir)
    if not files:
        raise PgshiftError("there is no committed migration to uncommit")
    last = files[-1]
    current, text = compile_current(config)
    if not is_blank(text):
        raise MigrationFileError(
            "cannot uncommit: the current migration is not blank; commit or clear it first",
            path=current.path,
        )
    parsed = parse_migration_text(read_text(last.path, committed=True), last.path, strict=True)
    kept = {
        k: v for k, v in parsed.headers.items() if k not in ("Hash", "Previous", "AllowInvalidHash")
    }
    write_current(current, fold_includes(serialize_migration(parsed.body, kept)))
    last.path.chmod(0o640)
    last.path.unlink()
    with open_session(config, target.main) as session:
        history.forget_applied(session.conn, config.history_schema, hash=last.hash)
    reset(config, target, shadow=True)
    # graphile-migrate then migrates the shadow database once more with its actions forced, so
    # its before/after_all_migrations hooks see the rebuilt shadow even when nothing was pending.
    migrate(config, target, shadow=True, force_actions=True)
    return UncommitResult(last.path, current.path)


@dataclass(frozen=True)
class SquashResult:
    path: Path  # the squash file
    replaced: list[Path]  # the committed files it replaced (deleted)


def squash(config: Config, target: Target, *, through: int) -> SquashResult:
    """Replace committed migrations 1..`through` with one file, for new databases, while the
    databases that applied them keep working.

    The squash file is numbered `through` (so the next file still follows it) and holds their
    bodies in order. Its `Hash` is the last replaced file's, which the next file's `Previous`
    and every database that applied the range already name, so nothing else changes; the body
    does not hash to it, hence `AllowInvalidHash`, and `Squashes` says which history rows it
    stands for (graphile-migrate reads neither header's meaning but accepts both). Proven by
    rebuilding the shadow database with it; on any failure the files are put back.
    Format: docs/repeatable.md ("Squash").
    """
    files = read_committed(config.migrations_dir)
    numbers = [m.number for m in files]
    if through < 2 or through not in numbers:
        raise UsageError(
            f"--through {through}: give the number of a committed migration after the first "
            f"(the committed ones are {numbers[0] if numbers else '-'} to "
            f"{numbers[-1] if numbers else '-'})"
        )
    replaced = [m for m in files if m.number <= through]
    for migration in replaced:
        if is_no_transaction(migration.body):
            raise MigrationFileError(
                "a '--! no-transaction' migration cannot be squashed with others (the squash "
                "runs in one transaction); squash up to the one before it",
                path=migration.path,
                line=migration.body_line,
            )
    first_names = replaced[0].squashes or (replaced[0].filename,)
    last = replaced[-1]
    body = "\n".join(f"-- {m.real_filename}\n" + js_trim(m.body) + "\n" for m in replaced)
    headers: dict[str, str | None] = {
        "Previous": "-",
        "Hash": last.hash,
        "AllowInvalidHash": None,
        "Squashes": f"{first_names[0]}..{last.filename}",
        "Message": f"squash of {first_names[0]} to {last.filename}",
    }
    path = committed_dir(config.migrations_dir) / f"{last.filename[:-4]}-squash.sql"
    kept = {m.path: m.path.read_bytes() for m in replaced}
    for old in kept:
        old.chmod(0o640)
        old.unlink()
    try:
        path.write_text(serialize_migration(body, headers), encoding="utf-8")
        path.chmod(0o440)
        reset(config, target, shadow=True)  # a new database is built from the squash
    except BaseException:
        path.unlink(missing_ok=True)
        for old, data in kept.items():
            old.write_bytes(data)
            old.chmod(0o440)
        raise
    return SquashResult(path, list(kept))
