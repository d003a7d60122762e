"""`import`: another tool's up migrations become committed files at the end of the chain.

Nothing runs against a database. Each new file is hashed and chained exactly as `commit` writes
one, with the source version in an `--! Imported: TOOL VERSION` header (docs/formats.md), which
graphile-migrate 1.4 reads as one more header and does not hash.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import MigrationFileError
from ..migrations.files import (
    CommittedMigration,
    committed_dir,
    read_committed,
    read_current,
    read_text,
)
from ..migrations.hashing import compute_hash
from ..migrations.headers import check_message, serialize_migration, slugify
from ..migrations.repeatable import FOLDER as REPEATABLE_FOLDER
from ..migrations.sqlscan import is_blank
from .destination import Destination, resolve_destination
from .readers import read_source
from .source import LeftOut, Source, SourceMigration
from .tools import Tool, importable_tool
from .versions import VersionKey, version_key

IMPORTED_HEADER = "Imported"


@dataclass(frozen=True)
class ImportedFile:
    path: Path  # the committed file written
    version: str  # the source version, as in its Imported header
    source: Path  # the file it came from


@dataclass(frozen=True)
class ImportResult:
    tool: str
    folder: Path
    written: list[ImportedFile] = field(default_factory=list)
    already_imported: int = 0  # source migrations found unchanged in the chain
    left_out: list[LeftOut] = field(default_factory=list)
    repeatable: list[Path] = field(default_factory=list)  # repeatable files written


def parse_imported(value: str | None) -> tuple[str, str] | None:
    """The tool and version of an `Imported` header value (`golang-migrate 20240101120000`)."""
    if not value or " " not in value:
        return None
    tool, version = value.split(" ", 1)
    return tool, version.strip()


def imported_from(
    files: list[CommittedMigration], tool: Tool
) -> dict[VersionKey, CommittedMigration]:
    """The committed files imported from `tool`, by version key."""
    found: dict[VersionKey, CommittedMigration] = {}
    for migration in files:
        parsed = parse_imported(migration.headers.get(IMPORTED_HEADER))
        if parsed and parsed[0] == tool.name:
            found[version_key(tool.name, parsed[1])] = migration
    return found


def import_migrations(
    config: Config, tool_name: str, folder: Path, *, set_name: str | None = None
) -> ImportResult:
    """Append the up migrations of `folder`, written for `tool_name`, to the committed chain.

    Every file is read and checked before anything is written; versions imported before (the
    `Imported` headers say which) are passed over when unchanged, so importing the same folder
    again adds only its newer migrations. Refused while the current migration is not blank:
    it was written against a database without the imported migrations, which come first.
    """
    tool = importable_tool(tool_name)
    destination = resolve_destination(config, set_name)
    committed = read_committed(destination.migrations_dir)
    _require_blank_current(destination)
    source = read_source(tool, folder)
    if not source.migrations and not source.repeatable:
        raise MigrationFileError(f"{folder} holds no {tool.label} up migrations")
    new, already = _select_new(tool, source.migrations, committed)
    planned = plan_files(committed, new, folder=committed_dir(destination.migrations_dir))
    repeatable = _plan_repeatable(source, destination.migrations_dir / REPEATABLE_FOLDER)
    _write(planned + repeatable)
    for path, _ in repeatable:
        path.chmod(0o644)  # source files, kept to be edited (committed files stay read-only)
    written = [
        ImportedFile(path, m.version, m.path) for (path, _), m in zip(planned, new, strict=True)
    ]
    return ImportResult(
        tool.name, folder, written, already, source.left_out, [p for p, _ in repeatable]
    )


def _plan_repeatable(source: Source, folder: Path) -> list[tuple[Path, str]]:
    """Repeatable files to write into `folder`: new ones; the same text already there is passed
    over, another text under that name refused (before anything is written)."""
    planned = []
    for name, path in source.repeatable:
        text = read_text(path)
        target = folder / name
        if target.exists():
            if target.read_text(encoding="utf-8") != text:
                raise MigrationFileError(
                    f"{target} already exists with other text; compare and merge it by hand",
                    path=path,
                )
            continue
        planned.append((target, text))
    return planned


def _require_blank_current(destination: Destination) -> None:
    current = read_current(destination.migrations_dir)
    if not is_blank(current.text):
        raise MigrationFileError(
            "the current migration is not blank; commit or clear it first (imported "
            "migrations go before it in the chain, and it was written against a database "
            "without them)",
            path=current.path,
        )


def _select_new(
    tool: Tool, migrations: list[SourceMigration], committed: list[CommittedMigration]
) -> tuple[list[SourceMigration], int]:
    done = imported_from(committed, tool)
    last = max(done) if done else None
    new: list[SourceMigration] = []
    for migration in migrations:
        existing = done.get(migration.key)
        if existing is not None:
            if existing.body != migration.body:
                raise MigrationFileError(
                    f"changed since it was imported as {existing.real_filename}; committed "
                    "migrations do not change: undo the edit, or put the change in a new "
                    "migration",
                    path=migration.path,
                    line=1,
                )
            continue
        if last is not None and migration.key < last:
            raise MigrationFileError(
                f"version {migration.version} is older than the last version imported "
                f"({done[last].real_filename}); the chain only grows at its end: give it a "
                "newer version",
                path=migration.path,
                line=1,
            )
        new.append(migration)
    return new, len(migrations) - len(new)


def plan_files(
    committed: list[CommittedMigration], new: list[SourceMigration], *, folder: Path
) -> list[tuple[Path, str]]:
    """The committed files `new` becomes after `committed`: (path, text), hashed and chained as
    `commit` writes them (pure: nothing is written)."""
    previous = committed[-1].hash if committed else None
    number = committed[-1].number if committed else 0
    planned: list[tuple[Path, str]] = []
    for migration in new:
        number += 1
        message = migration.title.strip() or None
        if message:
            try:
                check_message(message)
            except MigrationFileError as exc:
                raise MigrationFileError(exc.detail, path=migration.path, line=1) from None
        slug = slugify(message) if message else ""
        name = f"{number:06d}" + (f"-{slug}" if slug else "") + ".sql"
        digest = compute_hash(migration.body, previous)
        headers: dict[str, str | None] = {"Previous": previous or "-", "Hash": digest}
        if message:
            headers["Message"] = message
        headers[IMPORTED_HEADER] = f"{migration.tool} {migration.version}"
        planned.append((folder / name, serialize_migration(migration.body, headers)))
        previous = digest
    return planned


def _write(planned: list[tuple[Path, str]]) -> list[Path]:
    """Write every file (read-only, as commit does), or none: a failure removes those written."""
    written: list[Path] = []
    try:
        for path, text in planned:
            path.parent.mkdir(parents=True, exist_ok=True)
            created = path.open("x", encoding="utf-8", newline="\n")
            written.append(path)  # from here on it is ours to remove
            with created as handle:
                handle.write(text)
            path.chmod(0o440)
    except (OSError, UnicodeError) as exc:
        for path in written:
            with contextlib.suppress(OSError):
                path.chmod(0o640)
                path.unlink()
        if isinstance(exc, UnicodeError):
            raise MigrationFileError(
                f"cannot write {path.name}: its text is not valid UTF-8 ({exc}); nothing was "
                "imported",
                path=path,
            ) from None
        raise MigrationFileError(
            f"cannot write: {exc.strerror}; nothing was imported", path=exc.filename
        ) from None
    return written
