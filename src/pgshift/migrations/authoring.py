"""`commit` and `uncommit`: moving the current migration into history and back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from ..errors import DatabaseError, LintRefusedError, MigrationFileError, PgshiftError, UsageError
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

if TYPE_CHECKING:
    from ..lint import LintResult, ShadowLint


@dataclass(frozen=True)
class CommitResult:
    path: Path
    hash: str
    schema_file: SchemaFileResult | None = None  # written once the main database is migrated
    lint: LintResult | None = None  # the new file's findings (None: lint_on_commit = "off")
    # What compat finds in the repeatable files against their last committed version (git).
    repeatable_compat: list[str] = field(default_factory=list)


def commit(config: Config, target: Target, *, message: str | None = None) -> CommitResult:
    """Commit the current migration as the next numbered file, proven on the shadow database.

    The shadow database is reset and migrated with the new file, then the main database is
    migrated; on any failure the new file is removed and current.sql is left as it was.

    The new file is linted while the shadow database is migrated (`lint_on_commit`, default
    "warn"): its statements run once more in a transaction rolled back just before the file is
    applied, and the findings come back in `CommitResult.lint`; with "refuse", findings at
    warning or above raise `LintRefusedError` before the main database is touched.
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

    def current_line(line: int) -> tuple[Path, int]:
        """Where line `line` of the new file came from (current.sql, a part, a fixture)."""
        return locate(parsed.body_line + line - (len(headers) + 2))

    shadow_lint = _lint_for(config, path, parsed.body, first_line=len(headers) + 2)
    try:
        try:
            before_each = shadow_lint.before_each if shadow_lint else None
            migrate(config, target, shadow=True, before_each=before_each)
        except DatabaseError as exc:
            raise in_current(exc, "nothing was committed; current.sql is unchanged") from exc
        lint = shadow_lint.result(target.main, measured=True, notes=()) if shadow_lint else None
        if lint is not None and config.lint_on_commit == "refuse" and lint.at_least("warning"):
            raise _refused(lint, current.path, current_line)
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
    return CommitResult(
        path, digest, main.schema_file, lint=lint, repeatable_compat=repeatable_compat(config)
    )


def repeatable_compat(config: Config) -> list[str]:
    """`compat --static` on the repeatable files against their version at git HEAD: changes that
    break callers (a signature changed, so `create or replace` made a second function; a
    result column renamed). Empty without a repeatable folder or outside a git checkout."""
    from ..compat import check_compat
    from ..compat.sources import folder_at_revision
    from .repeatable import FOLDER

    folder = config.migrations_dir / FOLDER
    if not folder.is_dir():
        return []
    try:
        with folder_at_revision(folder, "HEAD") as old:
            result = check_compat(
                old, folder, admin_dsn=None, old_label=f"HEAD:{FOLDER}", new_label=str(folder)
            )
    except PgshiftError:  # no git, not a checkout, a file compat cannot read: not our call here
        return []
    return [f"{f.where}: {f.severity} [{f.rule}] {f.message}" for f in result.findings]


def _lint_for(config: Config, path: Path, body: str, *, first_line: int) -> ShadowLint | None:
    """The linter for the file commit writes at `path` (None with lint_on_commit = "off")."""
    if config.lint_on_commit == "off":
        return None
    from ..lint import ShadowLint
    from ..lint.statements import Source, split_statements

    source = Source(path, body, first_line)
    try:
        split_statements(source, placeholders=config.placeholders)
    except MigrationFileError:
        return None  # not SQL the parser reads: the shadow's migrate reports it at current.sql
    return ShadowLint(config, [source])


def _refused(
    lint: LintResult, current: Path, locate: Callable[[int], tuple[Path, int]]
) -> LintRefusedError:
    """lint_on_commit = "refuse": the findings, said of the current migration's lines."""
    from ..lint.model import describe_finding

    findings = lint.at_least("warning")
    lines = []
    for finding in findings:
        where, line = locate(finding.line)
        lines.append(describe_finding(replace(finding, path=where, line=line)))
    return LintRefusedError(
        f"{current}: the new migration has {len(findings)} lint finding(s) at warning or above "
        'and lint_on_commit = "refuse"; nothing was committed, current.sql is unchanged '
        "(docs/safety.md has the safe recipes; '-- pgshift-lint: ignore RULE -- reason' "
        "accepts one):\n" + "\n".join(f"  {text}" for text in lines),
        findings=findings,
    )


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
