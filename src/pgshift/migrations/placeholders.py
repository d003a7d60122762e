"""`:NAME` placeholders, replaced in SQL at run time (after hashing)."""

from __future__ import annotations

import re
from collections.abc import Mapping


def replace_placeholders(text: str, values: Mapping[str, str]) -> str:
    """Replace each known `:NAME` followed by a word boundary; unknown names are left alone."""
    if not values:
        return text
    pattern = re.compile("(?:" + "|".join(re.escape(k) for k in values) + r")\b")
    return pattern.sub(lambda m: values[m.group(0)], text)


def placeholder_values(
    configured: Mapping[str, str], *, database_name: str, database_owner: str
) -> dict[str, str]:
    """The configured placeholders plus the built-in :DATABASE_NAME and :DATABASE_OWNER."""
    return {**configured, ":DATABASE_NAME": database_name, ":DATABASE_OWNER": database_owner}
