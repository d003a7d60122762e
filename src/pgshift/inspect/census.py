"""The census of what the model does not read (`queries/unread.sql`), and how to say it.

A database tool that reports "no differences" while two databases differ in something it never
looked at misleads; `inspect` and `diff` print this census instead of staying silent.
"""

from __future__ import annotations

from collections.abc import Mapping

# kind (as unread.sql names it) -> (one, several), in the order they are reported.
UNREAD_KINDS: dict[str, tuple[str, str]] = {
    # Read only by roles that may see their connection strings (superusers).
    "subscriptions": (
        "subscription (not readable by this role)",
        "subscriptions (not readable by this role)",
    ),
    "user_mappings": (
        "user mapping (options not readable by this role)",
        "user mappings (options not readable by this role)",
    ),
    "constraint_index_statistics": (
        "statistics target on a column of a constraint's index",
        "statistics targets on columns of constraints' indexes",
    ),
}


def unread_kinds_sentence() -> str:
    """What --help says of the kinds not read, from `UNREAD_KINDS` (so it cannot go stale)."""
    if not UNREAD_KINDS:
        return "pgshift reads every kind of object a database can hold."
    kinds = ", ".join(several for _, several in UNREAD_KINDS.values())
    return f"Kinds pgshift does not read yet: {kinds}."


def ordered_unread(rows: Mapping[str, int]) -> dict[str, int]:
    """The non-zero counts in report order (the order of `UNREAD_KINDS`)."""
    return {kind: rows[kind] for kind in UNREAD_KINDS if rows.get(kind)}


def describe_unread(counts: Mapping[str, int]) -> str:
    """`2 rules, 1 publication`: the counts in words, in report order."""
    parts = []
    for kind, (one, several) in UNREAD_KINDS.items():
        n = counts.get(kind, 0)
        if n:
            parts.append(f"{n} {one if n == 1 else several}")
    return ", ".join(parts)
