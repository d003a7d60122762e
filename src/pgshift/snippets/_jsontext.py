"""JSON helpers for snippet sources: positions, duplicate keys, and VS Code's JSON with comments.

Every failure is a `JsonProblem` carrying the character offset where it happened, so callers can
turn it into a file, line and column.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple


class JsonProblem(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _DuplicateKey(Exception):
    pass


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen.add(key)
    return dict(pairs)


def decode(text: str) -> Any:
    """Parse one JSON value; a duplicate key in any object is an error like a syntax error."""
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise JsonProblem(f"invalid JSON: {exc.msg}", exc.pos) from None
    except _DuplicateKey as exc:
        key, offset = find_duplicate_key(text) or (str(exc), 0)
        raise JsonProblem(f"duplicate key {json.dumps(key)}", offset) from None
    except RecursionError:
        raise JsonProblem("invalid JSON: nested too deeply", 0) from None


def _string_end(text: str, start: int) -> int:
    """The offset of the quote closing the string that opens at `start` (or the text's end)."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    return len(text)


def _next_significant(text: str, start: int) -> str:
    i = start
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return text[i] if i < len(text) else ""


def find_duplicate_key(text: str) -> tuple[str, int] | None:
    """The first key repeated within one object, and the offset of its second occurrence."""
    stack: list[set[str] | None] = []  # a set of keys per open object, None per open array
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"':
            end = _string_end(text, i)
            if stack and stack[-1] is not None and _next_significant(text, end + 1) == ":":
                try:
                    key = json.loads(text[i : end + 1])
                except ValueError:
                    key = text[i + 1 : end]
                if key in stack[-1]:
                    return key, i
                stack[-1].add(key)
            i = end + 1
            continue
        if char == "{":
            stack.append(set())
        elif char == "[":
            stack.append(None)
        elif char in "}]" and stack:
            stack.pop()
        i += 1
    return None


def strip_jsonc(text: str) -> str:
    """Blank out `//` and `/* */` comments and trailing commas, keeping every offset in place.

    VS Code reads `.code-snippets` files as JSON with comments; Python's json module does not.
    """
    chars = list(text)
    i = 0
    last_comma: int | None = None
    while i < len(chars):
        char = chars[i]
        if char == '"':
            i = _string_end(text, i) + 1
            last_comma = None
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            chars[i:end] = " " * (end - i)
            i = end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = len(text) if end < 0 else end + 2
            chars[i:end] = [c if c == "\n" else " " for c in text[i:end]]
            i = end
            continue
        if char == ",":
            last_comma = i
        elif char in "}]":
            if last_comma is not None:
                chars[last_comma] = " "
            last_comma = None
        elif not char.isspace():
            last_comma = None
        i += 1
    return "".join(chars)


class Member(NamedTuple):
    """Where one member of a JSON object is written: its key's opening quote and its value."""

    key_at: int
    value_at: int


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _value_end(text: str, start: int) -> int:
    """The offset just past the JSON value that starts at `start`."""
    if text[start] == '"':
        return _string_end(text, start) + 1
    if text[start] not in "[{":  # a number, true, false or null
        i = start
        while i < len(text) and text[i] not in ",]} \t\r\n":
            i += 1
        return i
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == '"':
            i = _string_end(text, i)
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def member_offsets(text: str, start: int) -> dict[str, Member]:
    """Where each member of the JSON object at `start` (or after spaces there) is written.

    `text` must be valid JSON there, as `decode` accepted it: the offsets are for messages, the
    values come from the parsed data.
    """
    members: dict[str, Member] = {}
    i = _skip_space(text, _skip_space(text, start) + 1)
    while i < len(text) and text[i] == '"':
        key_end = _value_end(text, i)
        value_at = _skip_space(text, _skip_space(text, key_end) + 1)  # past the colon
        members[json.loads(text[i:key_end])] = Member(i, value_at)
        i = _skip_space(text, _value_end(text, value_at))
        if i < len(text) and text[i] == ",":
            i = _skip_space(text, i + 1)
    return members


def item_offsets(text: str, start: int) -> list[int]:
    """Where each item of the JSON array at `start` (or after spaces there) begins."""
    items: list[int] = []
    i = _skip_space(text, _skip_space(text, start) + 1)
    while i < len(text) and text[i] != "]":
        items.append(i)
        i = _skip_space(text, _value_end(text, i))
        if i < len(text) and text[i] == ",":
            i = _skip_space(text, i + 1)
    return items
