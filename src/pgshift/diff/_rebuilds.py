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
    return isinstance(types.get(_bottom(type_name, types)[0]), (EnumType, CompositeType))


# Length-limited types (format_type's names) and the same without the limit. An explicit cast
# to a limited one cuts a value that does not fit without a word; a value stored by assignment
# is refused instead ("value too long"), and from a type of the same family (a wider or
# narrower limit, a new collation) PostgreSQL then rewrites the table only where it must.
# Each: how format_type begins the limited type, the type without the limit, and how it begins
# the types of the same family.
_LENGTH_FREE = (
    ("character varying(", "character varying", ("character varying",)),
    ("character(", "bpchar", ("character(", "bpchar")),
    ("bit varying(", "bit varying", ("bit varying",)),
)
_INTEGERS = ("smallint", "integer", "bigint")


def limited_conversion(
    old_type: str,
    new_type: str,
    source: dict[str, RebuildableType],
    target: dict[str, RebuildableType],
) -> tuple[bool, str | None]:
    """How a column of `old_type` (a type of `target`) becomes `new_type` (of `source`) when
    the new type limits its values' length (or is a domain or array of such a type): whether
    by assignment with no USING (from the same family of types), and else the type USING casts
    to, the new one without its limit, so that the cast's result is stored by assignment. (False,
    None) for any other type: USING casts to the new type.

    bit(n) takes exactly n bits: stored by assignment, any other length is refused, so only a
    column widened from bit(m) keeps the explicit cast (which pads with zeros, as PostgreSQL's
    cast does), and an integer, which casts to bits only explicitly (keeping its rightmost)."""
    new, array = _bottom(new_type, source)
    old, old_array = _bottom(old_type, target)
    # A scalar becomes an array (or back) only by a cast: no assignment does it.
    same_shape = array == old_array
    for limited, free, family in _LENGTH_FREE:
        if new.startswith(limited):
            if same_shape and old.startswith(family):
                return True, None
            return False, free + ("[]" if array else "")
    if new.startswith("bit("):
        if same_shape and old.startswith(("bit(", "bit varying")):
            widened = old.startswith("bit(") and _limit(old) < _limit(new)
            return (False, None) if widened else (True, None)
        if old in _INTEGERS:
            return False, None
        return False, "bit varying" + ("[]" if array else "")
    return False, None


def _limit(type_name: str) -> int:
    """`5` of `bit(5)`."""
    return int(type_name.rsplit("(", 1)[1].rstrip(")"))


def _bottom(type_name: str, types: dict[str, RebuildableType]) -> tuple[str, bool]:
    """What the values of `type_name` are at bottom, down through domains, with its limit
    (`character varying(5)`), and whether it or a domain on the way is an array."""
    name, array = type_name, type_name.endswith("[]")
    found = types.get(element_type(name))
    while isinstance(found, DomainType):
        name = found.base_type
        array = array or name.endswith("[]")
        found = types.get(element_type(name))
    return element_type(name), array


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
