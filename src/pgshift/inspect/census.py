"""The census of what the model does not read (`queries/unread.sql`), and how to say it.

A database tool that reports "no differences" while two databases differ in something it never
looked at misleads; `inspect` and `diff` print this census instead of staying silent.
"""

from __future__ import annotations

from collections.abc import Mapping

# kind (as unread.sql names it) -> (one, several), in the order they are reported.
UNREAD_KINDS: dict[str, tuple[str, str]] = {
    "default_privileges": ("default privileges entry", "default privileges entries"),
    "moving_aggregates": (
        "aggregate with moving-aggregate options",
        "aggregates with moving-aggregate options",
    ),
    "operators": ("operator", "operators"),
    "operator_classes": ("operator class", "operator classes"),
    "operator_families": ("operator family", "operator families"),
    "publications": ("publication", "publications"),
    "subscriptions": ("subscription", "subscriptions"),
    "text_search_configurations": (
        "text search configuration",
        "text search configurations",
    ),
    "text_search_dictionaries": ("text search dictionary", "text search dictionaries"),
    "text_search_templates": ("text search template", "text search templates"),
    "text_search_parsers": ("text search parser", "text search parsers"),
    "conversions": ("conversion", "conversions"),
    "access_methods": ("access method", "access methods"),
    "languages": ("procedural language", "procedural languages"),
    "statistics": ("statistics object", "statistics objects"),
    "casts": ("cast", "casts"),
    "foreign_tables": ("foreign table", "foreign tables"),
    "foreign_servers": ("foreign server", "foreign servers"),
    "user_mappings": ("user mapping", "user mappings"),
    "foreign_data_wrappers": ("foreign-data wrapper", "foreign-data wrappers"),
    "typed_tables": ("typed table (OF type)", "typed tables (OF type)"),
    "view_and_index_column_settings": (
        "column setting of a materialized view or index",
        "column settings of materialized views or indexes",
    ),
    "tablespace_placements": (
        "relation in a non-default tablespace",
        "relations in a non-default tablespace",
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
