"""A migration's text -> statements with their place in the files, and the ignore comments.

Pure: PostgreSQL's own parser (pglast) splits and reads the text, so a statement is exactly what
the server runs. `:NAME` placeholders are read as identifiers of the same length, so every
offset stays an offset into the text as written. Comment syntax: docs/safety.md.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MigrationFileError
from ..migrations.files import CommittedMigration
from ..migrations.placeholders import placeholder_pattern
from ..migrations.sqlscan import is_no_transaction

Locator = Callable[[int], tuple[Path, int]]

# `-- pgshift-lint: ignore RULE[, RULE...] -- reason`
_DIRECTIVE = re.compile(r"^--\s*pgshift-lint:\s*(?P<rest>.*)$")
_IGNORE = re.compile(r"^ignore\b\s*(?P<rules>.*)$")
_COMMENTS = ("SQL_COMMENT", "C_COMMENT")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Source:
    """One migration to lint: its text as it runs (includes expanded, placeholders not yet
    replaced), and where its lines are on disk.

    `first_line`: the line of `path` on which the text starts (a committed file's body);
    `locate`: for text joined from several files (the current migration with its fixtures),
    the file and line each of its lines came from. `migration`: the committed file, which is
    measured in its place in the chain.
    """

    path: Path
    text: str
    first_line: int = 1
    locate: Locator | None = None
    migration: CommittedMigration | None = None

    @property
    def no_transaction(self) -> bool:
        return is_no_transaction(self.text)

    def where(self, line: int) -> tuple[Path, int]:
        """The file and line on disk of line `line` of the text."""
        if self.locate is not None:
            return self.locate(line)
        return self.path, line + self.first_line - 1


@dataclass(frozen=True)
class Ignore:
    """A `-- pgshift-lint: ignore` comment: the rules it names and the reason it gives."""

    path: Path
    line: int
    column: int
    rules: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Statement:
    """One statement: where it starts in the text (`start`, 0-based) and on disk (`path`,
    `line`, `column`), its text as written, its parse tree and the ignore comments on it or
    right before it."""

    index: int
    path: Path
    line: int
    column: int
    start: int
    text: str
    node: Any
    ignores: tuple[Ignore, ...] = ()

    @property
    def kind(self) -> str:
        """The parse node's name: `IndexStmt`, `AlterTableStmt`, ..."""
        return type(self.node).__name__


@dataclass(frozen=True)
class Split:
    """A source's statements, and the ignore comments attached to none of them."""

    statements: list[Statement]
    stray_ignores: list[Ignore]


def mask_placeholders(text: str, names: Collection[str]) -> str:
    """Each `:NAME` that the migration engine replaces becomes the identifier `_NAME`: the
    parser reads it, and every offset stays the same."""
    if not names:
        return text
    return placeholder_pattern(names).sub(lambda m: "_" + m.group(0)[1:], text)


def split_statements(source: Source, *, placeholders: Collection[str] = ()) -> Split:
    """The statements of `source`, in order, each with its ignore comments.

    Raises `MigrationFileError` at the file and line where the text stops being SQL.
    """
    from pglast import parse_sql, parser

    text = mask_placeholders(source.text, placeholders)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    try:
        slices = list(parser.split(text, with_parser=True, only_slices=True))
        tokens = list(parser.scan(text))
    except parser.ParseError as exc:
        index = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        path, line = source.where(bisect.bisect_right(starts, index))
        raise MigrationFileError(f"cannot read SQL: {exc.args[0]}", path=path, line=line) from None
    directives = _directives(source, text, tokens, starts)
    attached = _attach(directives, slices, text, starts)
    statements = []
    for index, piece in enumerate(slices):
        line = bisect.bisect_right(starts, piece.start)
        path, file_line = source.where(line)
        statements.append(
            Statement(
                index=index,
                path=path,
                line=file_line,
                column=piece.start - starts[line - 1] + 1,
                start=piece.start,
                text=source.text[piece],
                node=parse_sql(text[piece])[0].stmt,
                ignores=tuple(d for d, owner in attached if owner == index),
            )
        )
    stray = [d for d, owner in attached if owner is None]
    return Split(statements, stray)


@dataclass(frozen=True)
class _Directive:
    ignore: Ignore
    start: int  # offset of the comment in the text
    end: int  # offset just after it


def _directives(
    source: Source, text: str, tokens: Sequence[Any], starts: Sequence[int]
) -> list[_Directive]:
    found = []
    for token in tokens:
        if token.name != "SQL_COMMENT":
            continue
        comment = text[token.start : token.end + 1]
        match = _DIRECTIVE.match(comment)
        if not match:
            continue
        line = bisect.bisect_right(starts, token.start)
        path, file_line = source.where(line)
        column = token.start - starts[line - 1] + 1
        ignore = _IGNORE.match(match.group("rest").strip())
        rules: tuple[str, ...] = ()
        reason = ""
        if ignore:
            names, _, reason = ignore.group("rules").partition("--")
            rules = tuple(r for r in re.split(r"[,\s]+", names) if r)
        found.append(
            _Directive(
                Ignore(path, file_line, column, rules, reason.strip()),
                token.start,
                token.end + 1,
            )
        )
    return found


def _attach(
    directives: Sequence[_Directive], slices: Sequence[slice], text: str, starts: Sequence[int]
) -> list[tuple[Ignore, int | None]]:
    """Which statement each directive belongs to: the one whose lines it is on (from its first
    line to the line of its `;`), else the next one when only comments and no empty line
    stand between them."""
    spans = [(_line_of(starts, p.start), _line_of(starts, p.stop)) for p in slices]
    attached: list[tuple[Ignore, int | None]] = []
    for directive in directives:
        line = _line_of(starts, directive.start)
        owner = next((i for i, (a, b) in reversed(list(enumerate(spans))) if a <= line <= b), None)
        if owner is None:
            following = next((i for i, p in enumerate(slices) if p.start >= directive.end), None)
            if following is not None:
                gap = text[directive.end : slices[following].start]
                if not _BLANK_LINE.search(gap) and _only_comments(gap):
                    owner = following
        attached.append((directive.ignore, owner))
    return attached


def _only_comments(gap: str) -> bool:
    """White space and `--` comments only (the gap between a directive and its statement)."""
    return all(not line.strip() or line.strip().startswith("--") for line in gap.split("\n"))


def _line_of(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)
