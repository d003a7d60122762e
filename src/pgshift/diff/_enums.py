"""Enums: labels added in place (a label removed or the order changed makes the type again:
see `_rebuilds.py`). Pure logic: no I/O."""

from __future__ import annotations

from collections.abc import Iterable

from ..inspect.model import EnumType
from .changes import AddEnumValue

# -- labels added: where each new one goes (`ALTER TYPE ... ADD VALUE`)


def added_values(enum_type: EnumType, added: Iterable[str]) -> list[AddEnumValue]:
    """`ADD VALUE` changes for `added` labels, each placed next to a label that exists already."""
    changes: list[AddEnumValue] = []
    labels = enum_type.labels
    new = set(added)
    for index, label in enumerate(labels):
        if label not in new:
            continue
        following = next((x for x in labels[index + 1 :] if x not in new), None)
        if following is not None:
            changes.append(AddEnumValue(enum_type, label, before=following))
        else:
            previous = labels[index - 1] if index else None
            changes.append(AddEnumValue(enum_type, label, after=previous))
    # In label order: new labels sharing a gap go in one after another before the same
    # existing label (or after the one added just before them).
    return changes


def added_in_order(old: tuple[str, ...], new: tuple[str, ...]) -> list[str] | None:
    """The labels of `new` missing from `old`, if `old` is `new` with some labels left out."""
    remaining = iter(new)
    if not all(any(label == x for x in remaining) for label in old):
        return None
    return [label for label in new if label not in old]
