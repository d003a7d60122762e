"""Another tool's migrations folder as read for import: the up migrations, and what was left out.

Each reader in `readers/` turns one tool's files into `SourceMigration`s through `up_migration`,
which holds the rules every format shares: an empty up section is refused, a no-transaction
marker allows one statement only, and a lone statement PostgreSQL refuses inside a transaction
becomes `--! no-transaction` (docs/adopting.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MigrationFileError
from ..migrations.hashing import js_trim
from .statements import find_non_transactional
from .tools import Tool
from .versions import VersionKey, canonical_version, version_key

NO_TRANSACTION = "--! no-transaction"

# Lines that mark another tool's sections, to tell a folder that mixes formats.
_DBMATE_MARKER = re.compile(r"^--\s*migrate:(?:up|down)\b")
_NODE_PG_MARKER = re.compile(r"^\s*--[\s-]*(?:up|down)\s+migration\s*$", re.IGNORECASE)
_GOLANG_NAME = re.compile(r"^[0-9]+_.*\.(?:up|down)\.sql$")
_FLYWAY_NAME = re.compile(r"^(?:[VUB][0-9]+(?:[._][0-9]+)*(?:__.*)?|R__.+)\.sql$")


@dataclass(frozen=True)
class SourceMigration:
    """One up migration of the other tool, ready to become a committed file."""

    tool: str
    version: str  # as the tool's history stores it (see versions.canonical_version)
    title: str  # from the file name; becomes the commit message
    path: Path
    body: str  # the up SQL, trimmed, with `--! no-transaction` first when it needs it
    key: VersionKey = field(compare=False)


@dataclass(frozen=True)
class LeftOut:
    """Files or sections deliberately not imported, e.g. ("down file", [paths])."""

    what: str
    paths: tuple[Path, ...]


@dataclass
class Source:
    """A folder of one tool's migrations: the up migrations in version order, and what was left
    out."""

    tool: Tool
    folder: Path
    migrations: list[SourceMigration] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    # Repeatable migrations (Flyway's R__ files): the name they get in repeatable/, and the file.
    repeatable: list[tuple[str, Path]] = field(default_factory=list)

    def leave_out(self, what: str, paths: list[Path]) -> None:
        if paths:
            self.left_out.append(LeftOut(what, tuple(paths)))

    def finish(self) -> Source:
        """Sort the migrations by version and refuse two files claiming the same version."""
        self.migrations.sort(key=lambda m: (m.key, m.path.name))
        for earlier, later in zip(self.migrations, self.migrations[1:], strict=False):
            if earlier.key == later.key:
                raise MigrationFileError(
                    f"version {later.version} is also the version of {earlier.path.name}; "
                    f"{self.tool.label} versions must be unique (rename one of them)",
                    path=later.path,
                    line=1,
                )
        return self


def read_source_text(path: Path) -> str:
    """A migration file as text: UTF-8 (a byte-order mark dropped), CRLF read as LF."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MigrationFileError(f"not valid UTF-8 (byte {exc.start})", path=path) from None
    except OSError as exc:
        raise MigrationFileError(f"cannot read: {exc.strerror}", path=path) from None
    return text.replace("\r\n", "\n")


def up_migration(
    tool: Tool,
    *,
    version: str,
    title: str,
    path: Path,
    sql: str,
    line: int,
    no_transaction_at: tuple[Path, int] | None = None,
) -> SourceMigration:
    """An up migration from `sql` (which starts on line `line` of `path`).

    `no_transaction_at`: where the tool's own no-transaction marker stands, when there is one.
    """
    if not js_trim(sql):
        raise MigrationFileError(
            "the up migration is empty; write its SQL, or a comment saying why it does "
            "nothing (a comment-only migration is imported and keeps its version)",
            path=path,
            line=line,
        )
    no_transaction = no_transaction_at is not None
    count = _count_statements(sql)
    if no_transaction_at is not None and count > 1:
        marker_path, marker_line = no_transaction_at
        raise MigrationFileError(
            f"this marks the migration to run outside a transaction, which pgshift allows for "
            f"one statement only ('{NO_TRANSACTION}'); it holds {count}: split it into one "
            "file per statement",
            path=marker_path,
            line=marker_line,
        )
    if not no_transaction:
        refused = find_non_transactional(sql)
        if refused and count == 1:
            no_transaction = True
        elif refused:
            where, what = refused[0]
            raise MigrationFileError(
                f"{what} cannot run inside a transaction, and pgshift runs a migration outside "
                f"one ('{NO_TRANSACTION}') only when it holds that one statement; this one "
                f"holds {count}: move {what} into a file of its own",
                path=path,
                line=line + where - 1,
            )
    body = js_trim(sql) + "\n"
    if no_transaction:
        body = f"{NO_TRANSACTION}\n{body}"
    return SourceMigration(
        tool=tool.name,
        version=canonical_version(tool.name, version),
        title=title,
        path=path,
        body=body,
        key=version_key(tool.name, version),
    )


def _count_statements(sql: str) -> int:
    from ..migrations.sqlscan import count_statements

    return count_statements(sql) or 1  # None: unparsable; the server reports it when it runs


def refuse_other_markers(tool: Tool, path: Path, text: str) -> None:
    """Refuse a file holding another tool's section markers: the folder mixes formats."""
    for number, line in enumerate(text.split("\n"), start=1):
        other = _marker_tool(line)
        if other is not None and other != tool.name:
            raise MigrationFileError(
                f"{line.strip()!r} is a {other} marker, but this folder is being imported as "
                f"{tool.label}; a folder must hold one tool's migrations (check FORMAT, or "
                "move the other tool's files out)",
                path=path,
                line=number,
            )


def _marker_tool(line: str) -> str | None:
    if _DBMATE_MARKER.match(line):
        return "dbmate"
    stripped = line.strip()
    if stripped.startswith("--") and "+goose" in stripped:
        return "goose"
    if _NODE_PG_MARKER.match(line):
        return "node-pg-migrate"
    return None


def unknown_file(tool: Tool, path: Path, folder: Path, *, hint: str | None = None) -> Exception:
    """The error for a file that is not one of `tool`'s migrations."""
    guess = hint or _guess(path)
    extra = f" ({guess})" if guess else ""
    return MigrationFileError(
        f"not a {tool.label} migration file{extra}; pgshift imports every file of {folder}, "
        "so move this one out of it",
        path=path,
        line=1,
    )


def _guess(path: Path) -> str | None:
    name = path.name
    if _GOLANG_NAME.match(name):
        return "it is named like a golang-migrate file"
    if _FLYWAY_NAME.match(name):
        return "it is named like a Flyway migration"
    if path.suffix == ".go":
        return "a Go migration of goose"
    if path.suffix in (".js", ".cjs", ".mjs", ".ts", ".cts", ".mts"):
        return "a JavaScript migration of node-pg-migrate"
    return None


def is_hidden(path: Path) -> bool:
    """Dot files (`.keep`, editor swap files) are no tool's migrations and are passed over."""
    return path.name.startswith(".")
