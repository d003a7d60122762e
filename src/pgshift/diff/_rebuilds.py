"""Types made again under their own name while columns may use them (see
`changes.RebuildType`): the target's is renamed out of the way, the source's created, the
columns converted (`AlterColumn` with `type_recreated`) and the renamed one dropped at the end.

Which types: an enum that loses or reorders a label (ADD VALUE is its only change in place), a
domain whose base type or collation changes (ALTER DOMAIN changes neither), and then every
composite type and domain built on a rebuilt type: left alone they would keep using the renamed
one, which could not be dropped. A composite's attribute cannot be moved in place instead:
ALTER TYPE ... ALTER ATTRIBUTE refuses a type that a column stores (CASCADE or not) and takes
no USING. Pure logic: no I/O.
"""

from __future__ import annotations

from ..inspect.model import CompositeType, DomainType, EnumType, Model, ObjectKey
from ..sqltext import display_name
from ._enums import added_in_order

# The kinds of type a rebuild concerns.
RebuildableType = EnumType | DomainType | CompositeType


def types_by_name(model: Model) -> dict[str, RebuildableType]:
    """The model's enums, domains and composite types by the name column and attribute types
    give them (format_type: qualified, quoted where SQL needs)."""
    types: tuple[RebuildableType, ...] = (*model.enums, *model.domains, *model.composite_types)
    return {display_name(t.schema, t.name): t for t in types}


def rebuilt_types(
    source: dict[str, RebuildableType], target: dict[str, RebuildableType]
) -> set[str]:
    """The names of the types both sides have (of one kind) that must be made again: those
    changed beyond what ALTER does, then those built on a rebuilt one, and so on."""
    pairs = {
        name: (source[name], old)
        for name, old in target.items()
        if name in source and type(source[name]) is type(old)
    }
    rebuilt = {name for name, (new, old) in pairs.items() if _changed_beyond_alter(new, old)}
    while True:
        following = {
            name
            for name, (_, old) in pairs.items()
            if name not in rebuilt and not rebuilt.isdisjoint(_types_used(old))
        }
        if not following:
            return rebuilt
        rebuilt |= following


def _changed_beyond_alter(new: RebuildableType, old: RebuildableType) -> bool:
    if isinstance(new, EnumType) and isinstance(old, EnumType):
        return added_in_order(old.labels, new.labels) is None
    if isinstance(new, DomainType) and isinstance(old, DomainType):
        return (new.base_type, new.collation) != (old.base_type, old.collation)
    # A composite's attributes change in place, or it is replaced (`_composite`).
    return False


def _types_used(obj: RebuildableType) -> set[str]:
    """The types a composite's attributes or a domain's values are of (arrays: their element)."""
    if isinstance(obj, CompositeType):
        return {element_type(a.type) for a in obj.attributes}
    if isinstance(obj, DomainType):
        return {element_type(obj.base_type)}
    return set()


def converts_via_text(type_name: str, types: dict[str, RebuildableType]) -> bool:
    """Whether values of `type_name` (one of `types`' side) reach another type only through
    text: an enum casts to text alone, a composite type to no other composite; a domain casts
    as its base type does."""
    found = types.get(element_type(type_name))
    while isinstance(found, DomainType):
        found = types.get(element_type(found.base_type))
    return isinstance(found, (EnumType, CompositeType))


# Length-limited types (format_type's names) and the same without the limit. An explicit cast
# to a limited one cuts a value that does not fit without a word; a cast to the same type
# without the limit, stored into the column by assignment, refuses it ("value too long").
# bit(n) is left out: an assignment to it refuses any other length, shorter too, so a column
# widened from bit(3) to bit(5) could not convert; it keeps the explicit cast, which pads or
# cuts (docs/moves.md).
_LENGTH_FREE = (
    ("character varying(", "character varying"),
    ("character(", "bpchar"),
    ("bit varying(", "bit varying"),
)


def length_free(type_name: str, types: dict[str, RebuildableType]) -> str | None:
    """For a column becoming `type_name` (one of `types`' side): the type its values are cast
    to in USING when `type_name` limits their length (or is a domain or array of such a type),
    the same type without the limit; None for any other type, cast to itself."""
    name, array = type_name, type_name.endswith("[]")
    found = types.get(element_type(name))
    while isinstance(found, DomainType):
        name = found.base_type
        array = array or name.endswith("[]")
        found = types.get(element_type(name))
    for limited, free in _LENGTH_FREE:
        if element_type(name).startswith(limited):
            return free + ("[]" if array else "")
    return None


def base_type(type_name: str, types: dict[str, RebuildableType]) -> str:
    """The type the values of `type_name` are at bottom (one of `types`' side): its element's,
    down through domains."""
    name = element_type(type_name)
    found = types.get(name)
    while isinstance(found, DomainType):
        name = element_type(found.base_type)
        found = types.get(name)
    return name


def old_names(
    rebuilt: set[str], target: dict[str, RebuildableType], taken: set[tuple[str, str]]
) -> dict[ObjectKey, str]:
    """The name each rebuilt type of the target is renamed to meanwhile (`name_old`, or a free
    name near it), by the type's key."""
    taken = set(taken)
    result = {}
    for name in sorted(rebuilt):
        old = target[name]
        result[old.key] = free_name(old.schema, f"{old.name}_old", taken)
        taken.add((old.schema, result[old.key]))
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
