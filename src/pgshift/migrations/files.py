"""Reading and writing migration files: `committed/`, `current.sql` or `current/`, fixtures.

Formats: docs/formats.md. Every committed file is parsed, hashed and chained here, before any
database work starts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BrokenChainError, HashMismatchError, MigrationFileError
from .hashing import JS_WHITESPACE, compute_hash, js_trim
from .headers import check_line_endings, parse_migration_text, serialize_header
from .sqlscan import is_no_transaction

VALID_FILE = re.compile(r"^([0-9]+)(-[-_a-zA-Z0-9]*)?\.sql$")
_SPLIT = re.compile(r"^--! split: ([0-9]+(?:-[-_a-zA-Z0-9]+)?\.sql)$")
_SQUASHES = re.compile(r"^([0-9]+)\.sql\.\.([0-9]+)\.sql$")
_INCLUDE = re.compile(r"^--! include (\S.*?)\s*$")
_INCLUDED = re.compile(r"^--! Included (\S.*?)\s*$")
_END_INCLUDED = re.compile(r"^--! EndIncluded (\S.*?)\s*$")


@dataclass(frozen=True)
class CommittedMigration:
    """One file of `committed/`. `filename` is what the history stores (`000001.sql`)."""

    path: Path
    filename: str
    number: int
    hash: str
    previous_hash: str | None
    message: str | None
    allow_invalid_hash: bool
    headers: dict[str, str | None]
    body: str
    body_line: int

    @property
    def real_filename(self) -> str:
        return self.path.name

    @property
    def squashes(self) -> tuple[str, ...]:
        """The history names a squash file replaced (`--! Squashes: 000001.sql..000005.sql`):
        databases that applied them are at this file. Empty for an ordinary file."""
        value = self.headers.get("Squashes")
        match = _SQUASHES.match(value or "")
        if not match:
            return ()
        first, last = int(match.group(1)), int(match.group(2))
        width = len(match.group(2))
        return tuple(f"{n:0{width}d}.sql" for n in range(first, last + 1))

    @property
    def computed_hash(self) -> str:
        return compute_hash(self.body, self.previous_hash)

    @property
    def hash_matches(self) -> bool:
        return self.computed_hash == self.hash


def committed_dir(migrations_dir: Path) -> Path:
    return migrations_dir / "committed"


def require_migrations_dir(migrations_dir: Path) -> None:
    if not migrations_dir.is_dir():
        raise MigrationFileError(
            f"the migrations folder {migrations_dir} does not exist; run `pgshift init` "
            "or set 'migrations_folder' in pgshift.toml"
        )


def read_committed(migrations_dir: Path, *, check_hashes: bool = True) -> list[CommittedMigration]:
    """Parse every committed migration, check the chain and (by default) every hash.

    Raises on the first problem, naming the file and line.
    """
    require_migrations_dir(migrations_dir)
    folder = committed_dir(migrations_dir)
    if not folder.is_dir():
        return []
    migrations = [
        _read_one(folder / name, match)
        for name in os.listdir(folder)
        if (match := VALID_FILE.match(name))
    ]
    migrations.sort(key=lambda m: m.filename)
    previous: CommittedMigration | None = None
    for migration in migrations:
        _check_link(migration, previous)
        if check_hashes:
            check_hash(migration)
        previous = migration
    return migrations


def _read_one(path: Path, match: re.Match[str]) -> CommittedMigration:
    text = read_text(path, committed=True)
    parsed = parse_migration_text(text, path, strict=True)
    headers = parsed.headers
    for required in ("Previous", "Hash"):
        if not headers.get(required):
            raise MigrationFileError(f"missing the '--! {required}:' header", path=path, line=1)
    previous = headers["Previous"]
    return CommittedMigration(
        path=path,
        filename=match.group(1) + ".sql",
        number=int(match.group(1)),
        hash=headers["Hash"] or "",
        previous_hash=None if previous == "-" else previous,
        message=headers.get("Message"),
        allow_invalid_hash="AllowInvalidHash" in headers,
        headers=headers,
        body=parsed.body,
        body_line=parsed.body_line,
    )


def _check_link(migration: CommittedMigration, previous: CommittedMigration | None) -> None:
    if previous is not None and previous.filename == migration.filename:
        raise MigrationFileError(
            f"two committed files share the number {migration.number}: "
            f"{previous.real_filename} and {migration.real_filename}",
            path=migration.path,
        )
    expected = previous.hash if previous else None
    if migration.previous_hash == expected:
        return
    line = _header_line(migration, "Previous")
    if previous is None:
        raise BrokenChainError(
            f"'Previous: {migration.previous_hash}' but this is the first migration "
            "(it should say 'Previous: -'); was an earlier file deleted?",
            path=migration.path,
            line=line,
        )
    raise BrokenChainError(
        f"'Previous: {migration.previous_hash or '-'}' does not match the hash of "
        f"{previous.real_filename} ({previous.hash}); the history was edited or files were "
        "committed on two branches — uncommit and re-commit to rebuild the chain",
        path=migration.path,
        line=line,
    )


def check_hash(migration: CommittedMigration) -> None:
    """Refuse an edited file unless it carries `AllowInvalidHash` (and then only if edited)."""
    matches = migration.hash_matches
    if not matches and not migration.allow_invalid_hash:
        raise HashMismatchError(
            f"hash mismatch: the file says {migration.hash} but its body hashes to "
            f"{migration.computed_hash}; the file was edited after commit — restore it, "
            "or add an '--! AllowInvalidHash' header if the edit is deliberate",
            path=migration.path,
            line=_header_line(migration, "Hash"),
        )
    if matches and migration.allow_invalid_hash:
        raise HashMismatchError(
            "'AllowInvalidHash' is set but the hash matches; remove the header",
            path=migration.path,
            line=_header_line(migration, "AllowInvalidHash"),
        )


def _header_line(migration: CommittedMigration, key: str) -> int:
    keys = list(migration.headers)
    return keys.index(key) + 1 if key in keys else 1


_BOM = "\ufeff"


def read_text(path: Path, *, committed: bool = False) -> str:
    """A SQL file's text: UTF-8, LF line endings.

    A UTF-8 byte-order mark is not SQL: it is dropped, except from a committed file, whose
    bytes are hashed (graphile-migrate would not read its headers), where it is an error.
    """
    try:
        # Bytes, then decode: read_text() would silently turn CRLF into LF.
        data = path.read_bytes()
    except OSError as exc:
        raise MigrationFileError(f"cannot read: {exc.strerror}", path=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8")) + 1
        raise MigrationFileError(
            f"column {column}: byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
            path=path,
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from None
    if text.startswith(_BOM):
        if committed:
            raise MigrationFileError(
                "the file starts with a UTF-8 byte-order mark (invisible in most editors); "
                "committed files are hashed byte for byte: remove the mark and check the "
                "hash with `pgshift verify`",
                path=path,
                line=1,
            )
        text = text[1:]
    check_line_endings(text, path)
    return text


# --- current migration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Current:
    """The current migration: `current.sql`, or the joined files of a `current/` folder."""

    path: Path
    is_dir: bool
    exists: bool
    text: str  # as written (for a folder: joined with `--! split:` markers)
    # For a folder: (first line of the part in `text`, lines to subtract, file) per part.
    parts: tuple[tuple[int, int, Path], ...] = ()

    def locate(self, line: int) -> tuple[Path, int]:
        """The file and line that line `line` of `text` came from."""
        if not self.is_dir:
            return self.path, line
        found = (0, self.path)
        for start, shift, path in self.parts:
            if start <= line:
                found = (shift, path)
        return found[1], max(1, line - found[0])


def read_current(migrations_dir: Path) -> Current:
    """Read `current.sql` or `current/` (both at once is an error; neither counts as empty)."""
    require_migrations_dir(migrations_dir)
    file, folder = migrations_dir / "current.sql", migrations_dir / "current"
    if file.exists() and folder.exists():
        raise MigrationFileError(
            f"both {file} and {folder}/ exist; keep only one of them", path=file
        )
    if folder.is_dir():
        return _read_current_dir(folder)
    if file.exists():
        return Current(file, False, True, read_text(file))
    return Current(file, False, False, "")


def _read_current_dir(folder: Path) -> Current:
    numbered: dict[int, Path] = {}
    for name in sorted(os.listdir(folder)):
        if name.startswith(".") or not name.endswith(".sql"):
            continue
        match = VALID_FILE.match(name)
        if not match or int(match.group(1)) < 1:
            raise MigrationFileError(
                "files in current/ are named 001.sql or 001-message.sql", path=folder / name
            )
        number = int(match.group(1))
        if number in numbered:
            raise MigrationFileError(
                f"{name} and {numbered[number].name} share the number {number}", path=folder / name
            )
        numbered[number] = folder / name
    header_lines: list[str] = []
    chunks: list[str] = []
    starts: list[tuple[int, Path]] = []
    for number in sorted(numbered):
        path = numbered[number]
        parsed = parse_migration_text(read_text(path), path, strict=False)
        if is_no_transaction(parsed.body):
            raise MigrationFileError(
                "'--! no-transaction' cannot be used in a current/ folder; use current.sql",
                path=path,
            )
        header_lines += [serialize_header(k, v) for k, v in parsed.headers.items()]
        chunks.append(f"--! split: {path.name}\n" + js_trim(parsed.body) + "\n")
        starts.append((parsed.body_line, path))
    body = "\n".join(chunks)
    prefix = "\n".join(header_lines) + "\n\n" if header_lines else ""
    parts: list[tuple[int, int, Path]] = []
    line = prefix.count("\n") + 1  # the `--! split:` line of the first part
    for chunk, (body_line, path) in zip(chunks, starts, strict=True):
        parts.append((line, line + 1 - body_line, path))
        line += chunk.count("\n") + 1
    return Current(folder, True, True, prefix + body, tuple(parts))


def write_current(current: Current, body: str) -> None:
    """Write `body` back into current.sql, or split it over the current/ folder's files.

    A folder is written as graphile-migrate writes it: each `--! split: NAME` line starts file
    NAME, lines before the first marker join the first file, a body without markers becomes
    `1-current.sql`, every file ends in one newline, and other numbered files are removed.
    """
    if not current.is_dir:
        current.path.parent.mkdir(parents=True, exist_ok=True)
        current.path.write_text(body, encoding="utf-8")
        return
    files: list[tuple[str, str]] = []
    lines: list[str] = []
    name: str | None = None
    for line in body.split("\n"):
        match = _SPLIT.match(line)
        if not match:
            lines.append(line)
            continue
        if name is not None:
            files.append((name, js_trim("\n".join(lines)) + "\n"))
            lines = []
        name = match.group(1)
    files.append((name or "1-current.sql", js_trim("\n".join(lines)) + "\n"))
    _check_split_order(current.path, [file_name for file_name, _ in files])
    for old in current.path.glob("*.sql"):
        if VALID_FILE.match(old.name) and all(old.name != file_name for file_name, _ in files):
            old.unlink()
    for file_name, text in files:
        (current.path / file_name).write_text(text, encoding="utf-8")


def _check_split_order(folder: Path, names: list[str]) -> None:
    """The folder is read back in number order, so the markers must count up (from 1)."""
    highest = 0
    for file_name in names:
        match = VALID_FILE.match(file_name)
        number = int(match.group(1)) if match else 0
        if number <= highest:
            raise MigrationFileError(
                f"'--! split: {file_name}' is out of order: the numbers of the split markers "
                "must increase from 1, or the folder would be read back in another order",
                path=folder,
            )
        highest = number


# --- includes ---------------------------------------------------------------------------------


def expand_includes(text: str, migrations_dir: Path, *, origin: Path) -> str:
    """Replace each `--! include path.sql` line with the fixture's text, wrapped in
    `--! Included path.sql` / `--! EndIncluded path.sql` so uncommit can fold it back.
    """
    return expand_includes_located(text, migrations_dir, origin=origin)[0]


def expand_includes_located(
    text: str, migrations_dir: Path, *, origin: Path
) -> tuple[str, Callable[[int], tuple[Path, int]]]:
    """`expand_includes`, and a function from a line of the result to the (file, line) it
    came from (`origin` for lines of `text`, the fixture for included lines)."""
    fixtures = (migrations_dir / "fixtures").resolve()
    lines, origins = _expand(text, fixtures, origin, ())

    def locate(line: int) -> tuple[Path, int]:
        return origins[min(max(line, 1), len(origins)) - 1]

    return "\n".join(lines), locate


def _expand(
    text: str, fixtures: Path, origin: Path, stack: tuple[Path, ...]
) -> tuple[list[str], list[tuple[Path, int]]]:
    out: list[str] = []
    origins: list[tuple[Path, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _INCLUDE.match(line)
        if not match:
            out.append(line)
            origins.append((origin, number))
            continue
        relative = match.group(1)
        target = (fixtures / relative).resolve()
        if not target.is_relative_to(fixtures):
            raise MigrationFileError(
                f"include {relative!r} points outside {fixtures}", path=origin, line=number
            )
        if target in stack:
            raise MigrationFileError(
                f"include {relative!r} includes itself", path=origin, line=number
            )
        if not target.is_file():
            raise MigrationFileError(
                f"include {relative!r}: no such file in {fixtures}", path=origin, line=number
            )
        inner, inner_origins = _expand(read_text(target), fixtures, target, (*stack, target))
        joined = "\n".join(inner)
        trimmed = js_trim(joined)
        # js_trim drops leading blank lines: the kept lines start that many lines in.
        skipped = joined[: len(joined) - len(joined.lstrip(JS_WHITESPACE))].count("\n")
        kept = trimmed.split("\n")
        kept_origins = inner_origins[skipped : skipped + len(kept)]
        kept_origins += [(target, 1)] * (len(kept) - len(kept_origins))  # an empty fixture
        out += [f"--! Included {relative}", *kept, f"--! EndIncluded {relative}"]
        origins += [(origin, number), *kept_origins, (origin, number)]
    return out, origins


def fold_includes(text: str) -> str:
    """The inverse of `expand_includes`: blocks become `--! include` lines again."""
    out: list[str] = []
    inside: str | None = None
    for line in text.split("\n"):
        if inside is None:
            match = _INCLUDED.match(line)
            if match:
                inside = match.group(1)
                out.append(f"--! include {inside}")
            else:
                out.append(line)
        else:
            end = _END_INCLUDED.match(line)
            if end and end.group(1) == inside:
                inside = None
    return "\n".join(out)
