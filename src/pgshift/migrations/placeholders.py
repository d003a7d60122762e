"""`:NAME` placeholders, replaced in SQL at run time (after hashing)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping


def placeholder_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Each of `names` (`:NAME`) followed by a word boundary (other names are not placeholders)."""
    return re.compile("(?:" + "|".join(re.escape(k) for k in names) + r")\b")


def replace_placeholders(text: str, values: Mapping[str, str]) -> str:
    """Replace each known `:NAME` followed by a word boundary; unknown names are left alone."""
    if not values:
        return text
    return placeholder_pattern(values).sub(lambda m: values[m.group(0)], text)


def source_position(text: str, values: Mapping[str, str], position: int) -> int:
    """A 1-based position in `replace_placeholders(text, values)` -> the same place in `text`
    (a position inside a replaced value points at its placeholder), so that errors name the
    file's own line and column whatever the values' lengths or line breaks."""
    if not values:
        return position
    shift = 0  # how much longer the replaced text is than the source, so far
    for match in placeholder_pattern(values).finditer(text):
        start = match.start() + shift  # 0-based, in the replaced text
        value = values[match.group(0)]
        if position - 1 < start:
            break
        if position - 1 < start + len(value):
            return match.start() + 1
        shift += len(value) - len(match.group(0))
    return position - shift


def placeholder_values(
    configured: Mapping[str, str], *, database_name: str, database_owner: str
) -> dict[str, str]:
    """The configured placeholders plus the built-in :DATABASE_NAME and :DATABASE_OWNER."""
    return {**configured, ":DATABASE_NAME": database_name, ":DATABASE_OWNER": database_owner}
