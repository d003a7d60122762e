"""Enums: labels added in place, or the type rebuilt when a label is removed or the order
changes (see `changes.RebuildEnum`), and the names that tell which columns use an enum. Pure
logic: no I/O."""

from __future__ import annotations

from collections.abc import Iterable

from ..inspect.model import EnumType, Model
from ..sqltext import display_name
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


# -- the type rebuilt


def rebuilt_enums(source: Model, target_enums: dict[str, EnumType]) -> set[str]:
    """The names of the enums that lose or reorder labels, which only a rebuild can do."""
    result = set()
    for enum_type in source.enums:
        name = display_name(enum_type.schema, enum_type.name)
        old = target_enums.get(name)
        if old is not None and added_in_order(old.labels, enum_type.labels) is None:
            result.add(name)
    return result


def element_type(type_name: str) -> str:
    """`public.mood` of `public.mood[]` (format_type writes every array with one `[]`)."""
    return type_name.removesuffix("[]")


def free_name(schema: str, wanted: str, taken: set[tuple[str, str]]) -> str:
    """`wanted`, or `wanted` followed by a number, that no type or relation of `schema` has;
    cut to PostgreSQL's 63 bytes (NAMEDATALEN) before the number, on a character boundary."""
    for number in range(1, 1000):
        suffix = "" if number == 1 else str(number)
        stem = wanted.encode()[: 63 - len(suffix)].decode(errors="ignore")
        if (schema, stem + suffix) not in taken:
            return stem + suffix
    raise AssertionError("a thousand names taken")
