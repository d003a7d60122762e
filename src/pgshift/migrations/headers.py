"""Migration header blocks (`--! Key` / `--! Key: value`) and the body after them.

Format: docs/formats.md. Parsing and serialising match graphile-migrate byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MigrationFileError
from .hashing import js_trim

_HEADER = re.compile(r"^--! ([A-Z][a-zA-Z0-9_]*)(?::(.*))?$")
_MESSAGE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")
MAX_MESSAGE_LENGTH = 512


@dataclass(frozen=True)
class ParsedText:
    """Headers in file order (a value of None: a bare `--! Key`), and the normalised body."""

    headers: dict[str, str | None] = field(default_factory=dict)
    body: str = "\n"
    body_line: int = 1  # the file line on which the body's first character stands


def check_line_endings(text: str, path: Path | str) -> None:
    """Refuse CRLF line endings: the hash would include the \\r and differ from every other
    machine. A lone \\r (inside a string literal) is text like any other, as for
    graphile-migrate."""
    index = text.find("\r\n")
    if index >= 0:
        line = text.count("\n", 0, index) + 1
        raise MigrationFileError(
            "the file has Windows (CRLF) line endings; convert it to LF "
            "(for example `sed -i 's/\\r$//' FILE`, or set `git config core.autocrlf input` "
            "and check the file out again)",
            path=path,
            line=line,
        )


def parse_migration_text(text: str, path: Path | str, *, strict: bool = True) -> ParsedText:
    """Split `text` into headers and body.

    `strict` (committed files) requires an empty line after the header block.
    """
    lines = text.split("\n")
    headers: dict[str, str | None] = {}
    count = 0
    for line in lines:
        match = _HEADER.match(line)
        if not match:
            break
        count += 1
        key, value = match.group(1), match.group(2)
        if key in headers:
            raise MigrationFileError(
                f"header '{key}' appears more than once", path=path, line=count
            )
        headers[key] = js_trim(value) if value else value
    if strict and count < len(lines) and lines[count] != "":
        raise MigrationFileError(
            "the header block must be followed by an empty line", path=path, line=count + 1
        )
    if strict and count == len(lines):
        raise MigrationFileError("the file ends inside its header block", path=path, line=count)
    rest = "\n".join(lines[count:])
    body = js_trim(rest) + "\n"
    leading = rest[: len(rest) - len(rest.lstrip(_js_ws()))]
    return ParsedText(headers, body, count + 1 + leading.count("\n"))


def _js_ws() -> str:
    from .hashing import JS_WHITESPACE

    return JS_WHITESPACE


def serialize_header(key: str, value: str | None) -> str:
    return f"--! {key}" + (f": {value}" if value else "")


def serialize_migration(body: str, headers: dict[str, str | None]) -> str:
    """Headers, an empty line, then the trimmed body with one trailing newline."""
    final_body = js_trim(body) + "\n"
    lines = [serialize_header(k, v) for k, v in headers.items()]
    return "\n".join(lines) + "\n\n" + final_body if lines else final_body


def check_message(message: str) -> None:
    """A commit message: no control characters, at most 512 characters."""
    if _MESSAGE_FORBIDDEN.search(message):
        raise MigrationFileError("invalid commit message: it contains control characters")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise MigrationFileError(
            f"invalid commit message: {len(message)} characters (at most {MAX_MESSAGE_LENGTH})"
        )


def slugify(message: str) -> str:
    """The file-name slug of a commit message (graphile-migrate's rules)."""
    slug = re.sub(r"[^a-z0-9_]+", "-", message.lower())
    slug = re.sub(r"--+", "-", slug)
    return slug.strip("-")[:60]
