"""Read snippet blocks from annotated SQL and entries from `.code-snippets` files (no I/O).

The format is described in docs/authoring.md. In short: a line starting with `/*-snippet` opens a
block, a line starting with `snippet-*/` closes it, the text between is one JSON object, and the
block belongs to the next `CREATE [OR REPLACE] FUNCTION` (or `PROCEDURE`) in the file. Both the
blocks and that definition are found with PostgreSQL's own lexer (pglast): a tag line inside a
string, a dollar-quoted body or another comment is text, not a tag, and letter case, line breaks,
comments, quoted identifiers and a space before the parenthesis are read as the server reads them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from pglast import parse_sql
from pglast import parser as pg_parser

from ._fields import check_fields
from ._jsontext import JsonProblem, decode, member_offsets, strip_jsonc
from .model import Problem, Snippet

OPEN_TAG = "/*-snippet"
CLOSE_TAG = "snippet-*/"
BOM = "\ufeff"
_COMMENTS = {"C_COMMENT", "SQL_COMMENT"}
_NAME_TOKEN_LIMIT = 9  # catalog.schema.name is 5 tokens; anything longer is not a name


class _Lines:
    """Offsets -> 1-based line and column, counting lines as editors do (split on `\\n`)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def column(self, offset: int) -> int:
        return offset - self.starts[self.line(offset) - 1] + 1


@dataclass(frozen=True)
class _Block:
    line: int  # of the opening tag
    json_start: int
    json_end: int
    after: int  # offset just past the closing tag
    start: int  # offset of the opening tag


@dataclass(frozen=True)
class _Context:
    """Where PostgreSQL's lexer sees comments start, and which offsets are inside a token.

    `opaque_from`: an unterminated string, quoted name or comment starts there and runs to the
    end. `unknown_from`: the lexer stopped on another error (such as `123abc`, which the server
    rejects too); from there on, tag lines are taken by their text alone.
    """

    comment_starts: frozenset[int]
    starts: list[int]  # every token's start, in order
    ends: list[int]  # and its last offset
    opaque_from: int
    unknown_from: int

    def is_comment_start(self, offset: int) -> bool:
        return offset >= self.unknown_from or offset in self.comment_starts

    def is_top_level(self, offset: int) -> bool:
        """Not inside a string, quoted name or comment (nor any other token) begun earlier."""
        if offset >= self.unknown_from:
            return True
        if offset > self.opaque_from:
            return False
        before = bisect.bisect_left(self.starts, offset) - 1
        return before < 0 or self.ends[before] < offset


def _read_context(text: str) -> _Context:
    """Run the lexer over the whole file, keeping what it read before any error."""
    opaque_from = unknown_from = len(text) + 1
    cut = text.find("\0")  # the lexer reads a C string: it ends at the first NUL
    if cut >= 0:
        text, unknown_from = text[:cut], cut
    unterminated_comment: set[int] = set()
    try:
        tokens = list(pg_parser.scan(text))
    except pg_parser.ParseError as exc:
        index = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        tokens = _scan(text[:index]) if 0 < index < len(text) else []
        message = str(exc.args[0])
        if message.startswith("unterminated"):  # a string, name or comment runs to the end
            opaque_from = index
            if message.startswith("unterminated /* comment"):
                unterminated_comment.add(index)
        else:
            unknown_from = min(index, unknown_from)
    except (ValueError, TypeError):
        tokens, unknown_from = [], 0
    return _Context(
        frozenset(t.start for t in tokens if t.name == "C_COMMENT") | unterminated_comment,
        [t.start for t in tokens],
        [t.end for t in tokens],
        opaque_from,
        unknown_from,
    )


@dataclass(frozen=True)
class _Definition:
    offset: int
    names: tuple[str, ...] | None  # None: the name could not be read


def _find_blocks(text: str, lines: _Lines, path: str) -> tuple[list[_Block], list[Problem]]:
    """The snippet blocks, found line by line where the lexer sees top-level comments.

    Outside a block, an opening line counts only where a comment token starts and a closing
    line only outside any string or comment. Inside a block every tag line counts, so that a
    second opening line or the closing line is found even when the JSON upsets the lexer.
    """
    context = _read_context(text)
    blocks: list[_Block] = []
    problems: list[Problem] = []
    opened: tuple[int, int, int] | None = None  # line, offset of the tag, offset after it
    for number, start in enumerate(lines.starts, 1):
        end = text.find("\n", start)
        line = text[start : len(text) if end < 0 else end]
        indent = len(line) - len(line.lstrip(" \t"))
        at = start + indent
        is_open, is_close = line.startswith(OPEN_TAG, indent), line.startswith(CLOSE_TAG, indent)
        if opened is None and (
            (is_open and not context.is_comment_start(at))
            or (is_close and not context.is_top_level(at))
        ):
            continue  # a tag line inside a string, a dollar quote or another comment is text
        if is_open:
            if opened is not None:
                problems.append(
                    Problem(
                        path,
                        opened[0],
                        f"snippet block is not closed: another {OPEN_TAG} "
                        f"starts at line {number} before a {CLOSE_TAG} line",
                    )
                )
            opened = (number, start + indent, start + indent + len(OPEN_TAG))
        elif is_close:
            if opened is None:
                problems.append(
                    Problem(
                        path,
                        number,
                        f"{CLOSE_TAG} closes no block: there is no {OPEN_TAG} line above it",
                    )
                )
                continue
            after = start + indent + len(CLOSE_TAG)
            blocks.append(_Block(opened[0], opened[2], start, after, opened[1]))
            opened = None
    if opened is not None:
        problems.append(
            Problem(
                path,
                opened[0],
                f"snippet block is never closed: add a line starting with {CLOSE_TAG}",
            )
        )
    return blocks, problems


def _scan(text: str) -> list[Any]:
    """PostgreSQL's tokens for `text`; on a lexer error, the tokens before it."""
    while True:
        try:
            return list(pg_parser.scan(text))
        except pg_parser.ParseError as exc:
            index = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
            if not 0 < index < len(text):
                return []
            text = text[:index]
        except (ValueError, TypeError):  # e.g. a NUL character, which PostgreSQL never accepts
            cut = text.find("\0")
            if cut <= 0:
                return []
            text = text[:cut]


def _read_names(text: str) -> tuple[str, ...] | None:
    """The name parts of `schema.name` written in SQL, normalised as PostgreSQL does."""
    try:
        statements = parse_sql(f"DROP FUNCTION {text}")
    except Exception:  # pglast raises its own ParseError, and others on odd input
        return None
    stmt: Any = statements[0].stmt
    try:
        return tuple(str(part.sval) for part in stmt.objects[0].objname)
    except (AttributeError, IndexError, TypeError):
        return None


def _find_definition(text: str, start: int, end: int) -> _Definition | None:
    """The first CREATE [OR REPLACE] FUNCTION|PROCEDURE between `start` and `end`."""
    segment = text[start:end]
    tokens = [t for t in _scan(segment) if t.name not in _COMMENTS]
    for i, token in enumerate(tokens):
        if token.name != "CREATE":
            continue
        j = i + 1
        if j + 1 < len(tokens) and tokens[j].name == "OR" and tokens[j + 1].name == "REPLACE":
            j += 2
        if j >= len(tokens) or tokens[j].name not in ("FUNCTION", "PROCEDURE"):
            continue
        name_tokens = tokens[j + 1 : j + 1 + _NAME_TOKEN_LIMIT]
        paren = next((k for k, t in enumerate(name_tokens) if t.name == "ASCII_40"), None)
        names = None
        if paren:
            first, last = name_tokens[0], name_tokens[paren - 1]
            names = _read_names(segment[first.start : last.end + 1])
        return _Definition(start + tokens[j].start, names)
    return None


def _words(identifier: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in identifier.split("_") if w)


def snippet_key(schema: str, name: str) -> str:
    """`Define Index (Pgshift Define)` for `pgshift_define.define_index`."""
    return f"{_words(name) or name} ({_words(schema) or schema})"


def _check_block_text(text: str, block: _Block, lines: _Lines, path: str) -> Problem | None:
    body = text[block.json_start : block.json_end]
    found = [(at, token) for token in ("*/", "/*") if (at := body.find(token)) >= 0]
    if not found:
        return None
    at, token = min(found)
    offset = block.json_start + at
    if token == "*/":
        why, hint = "ends the SQL comment early", "*\\/"
    else:
        why, hint = "opens a nested SQL comment", "\\/*"
    return Problem(
        path,
        lines.line(offset),
        f"snippet block contains '{token}', which {why}; write it as '{hint}' in JSON",
        lines.column(offset),
    )


def _field_problems(
    entry: dict[str, Any], text: str, start: int, lines: _Lines, path: str
) -> list[Problem]:
    """`check_fields` with each offset turned into a line and column."""
    return [
        Problem(path, lines.line(at), message, lines.column(at))
        for at, message in check_fields(entry, text, start)
    ]


def _entry(value: dict[str, Any], default_prefix: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"prefix": value.get("prefix", default_prefix)}
    entry.update((k, v) for k, v in value.items() if k not in ("prefix", "scope"))
    entry["scope"] = value.get("scope", "sql")
    return entry


def parse_sql_snippets(text: str, *, path: str, prefix: str) -> tuple[list[Snippet], list[Problem]]:
    """The snippets annotated in one SQL file, and every mistake found in it.

    `prefix` is put before the function name (with `_` as `-`) when a block gives no prefix.
    """
    text = text.removeprefix(BOM)
    lines = _Lines(text)
    blocks, problems = _find_blocks(text, lines, path)
    snippets: list[Snippet] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        found = _read_block(text, lines, path, block, following=following, prefix=prefix)
        if isinstance(found, Snippet):
            snippets.append(found)
        else:
            problems += found
    problems.sort(key=lambda p: (p.line, p.column or 0))
    return snippets, problems


def _block_value(
    text: str, lines: _Lines, path: str, block: _Block
) -> tuple[dict[str, Any], list[Problem]]:
    """The block's JSON object, or the mistakes in it: the first one when it is not JSON."""
    problem = _check_block_text(text, block, lines, path)
    if problem is not None:
        return {}, [problem]
    try:
        value = decode(text[block.json_start : block.json_end])
    except JsonProblem as exc:
        offset = block.json_start + exc.offset
        return {}, [Problem(path, lines.line(offset), exc.message, lines.column(offset))]
    if not isinstance(value, dict):
        return {}, [Problem(path, block.line, "a snippet block must hold one JSON object")]
    problems = [] if "body" in value else [Problem(path, block.line, 'the snippet has no "body"')]
    # The JSON decoded without error, so it starts (after spaces) at the block's first offset.
    return value, problems + _field_problems(value, text, block.json_start, lines, path)


def _read_block(
    text: str, lines: _Lines, path: str, block: _Block, *, following: _Block | None, prefix: str
) -> Snippet | list[Problem]:
    """One block's snippet: its JSON plus the function after it (before the next block)."""
    value, problems = _block_value(text, lines, path, block)
    if problems:
        return problems
    found = _attach(value, text, lines, path, block, following=following, prefix=prefix)
    return found if isinstance(found, Snippet) else [found]


def _attach(
    value: dict[str, Any],
    text: str,
    lines: _Lines,
    path: str,
    block: _Block,
    *,
    following: _Block | None,
    prefix: str,
) -> Snippet | Problem:
    """The snippet of a valid block: the function after it gives its key and default prefix."""
    definition = _find_definition(text, block.after, following.start if following else len(text))
    if definition is None:
        if following is None:
            return Problem(path, block.line, "snippet block is followed by no CREATE FUNCTION")
        return Problem(
            path,
            block.line,
            "two snippet blocks before one function: this block has no function "
            f"before the next block at line {following.line}",
        )
    where = lines.line(definition.offset)
    if definition.names is None:
        return Problem(path, where, "cannot read the function name after CREATE FUNCTION")
    if len(definition.names) < 2:
        return Problem(
            path,
            where,
            f"function {definition.names[-1]!r} has no schema: write "
            "CREATE FUNCTION schema.name(...) so the snippet names where it lives",
        )
    schema, name = definition.names[-2:]
    entry = _entry(value, prefix + name.replace("_", "-"))
    return Snippet(snippet_key(schema, name), entry, path, where, (schema, name))


def parse_code_snippets(text: str, *, path: str) -> tuple[list[Snippet], list[Problem]]:
    """The entries of a VS Code `.code-snippets` file (JSON with comments), in file order."""
    lines = _Lines(text)
    cleaned = strip_jsonc(text)
    try:
        value = decode(cleaned)
    except JsonProblem as exc:
        offset = min(exc.offset, max(len(text) - 1, 0))
        return [], [Problem(path, lines.line(offset), exc.message, lines.column(offset))]
    if not isinstance(value, dict):
        return [], [Problem(path, 1, "a .code-snippets file must hold one JSON object")]
    snippets: list[Snippet] = []
    problems: list[Problem] = []
    for key, member in member_offsets(cleaned, 0).items():
        entry, line = value[key], lines.line(member.key_at)
        if not isinstance(entry, dict) or "body" not in entry:
            problems.append(Problem(path, line, f'snippet {key!r} needs a "body" string or list'))
            continue
        trouble = _field_problems(entry, cleaned, member.value_at, lines, path)
        if trouble:
            problems += trouble
            continue
        snippets.append(Snippet(key, dict(entry), path, line))
    return snippets, problems
