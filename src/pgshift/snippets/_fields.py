"""The snippet fields VS Code reads, and the forms it accepts for each (see docs/authoring.md).

VS Code's snippet file reader (`snippetsFile.ts` in microsoft/vscode) takes `body`, `prefix` and
`description` as a string or a list of strings: it joins a `body` or `description` list with line
breaks and offers the snippet under each `prefix`. `scope` is one string of comma-separated
language ids and `isFileTemplate` a boolean. Entries are copied as written; only these types are
checked, so that a mistake is reported at its place instead of breaking the snippet in the editor.
"""

from __future__ import annotations

from typing import Any

from ._jsontext import item_offsets, member_offsets

TEXT_OR_LINES = ("prefix", "body", "description")


def _kind(value: Any) -> str:
    """How a JSON value is named in messages: `a number`, `a list`, `null`..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a number"


def _text_or_lines(key: str, value: Any, text: str, at: int) -> list[tuple[int, str]]:
    if isinstance(value, str):
        return []
    if not isinstance(value, list):
        return [(at, f'"{key}" must be a string or a list of strings, not {_kind(value)}')]
    if not value:
        return [(at, f'"{key}" is an empty list: write a string or a list of at least one string')]
    return [
        (item_at, f'"{key}" item {number} must be a string, not {_kind(item)}')
        for number, (item, item_at) in enumerate(zip(value, item_offsets(text, at), strict=True), 1)
        if not isinstance(item, str)
    ]


def check_fields(entry: dict[str, Any], text: str, start: int) -> list[tuple[int, str]]:
    """Each field of `entry` in a form VS Code does not accept, as (offset in `text`, message).

    `text` is the JSON `entry` was decoded from and `start` the offset of its object there. Other
    keys are not checked (VS Code ignores them), nor is a missing `body`: each kind of source
    words that itself. The list is in the order the mistakes are written.
    """
    members = member_offsets(text, start)
    found: list[tuple[int, str]] = []
    for key in TEXT_OR_LINES:
        if key in entry:
            found += _text_or_lines(key, entry[key], text, members[key].value_at)
    scope = entry.get("scope", "")
    if not isinstance(scope, str):
        found.append(
            (
                members["scope"].value_at,
                '"scope" must be one string of comma-separated language ids, such as '
                f'"sql,plpgsql", not {_kind(scope)}',
            )
        )
    template = entry.get("isFileTemplate", False)
    if not isinstance(template, bool):
        found.append(
            (
                members["isFileTemplate"].value_at,
                f'"isFileTemplate" must be true or false, not {_kind(template)}',
            )
        )
    return sorted(found)
