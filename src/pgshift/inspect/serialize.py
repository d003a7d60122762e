"""The model as plain JSON-ready data (`pgshift inspect --json`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from .._collector import collector_paused
from .model import KINDS, Model, ObjectKey


@collector_paused()
def model_to_json(model: Model, *, plain: bool = True) -> dict[str, Any]:
    """`{"server_version_num": ..., "unread": {...}, "<kind>": [{field: value, ...}, ...], ...}`.

    Every field is kept, including owners and sequence values; `depends_on` becomes a list of
    descriptions such as `"table public.users"`. `unread` counts the objects of kinds the model
    does not read (`{"rules": 2}`; empty when there are none).

    With `plain=False`, each kind stays the model's tuple of dataclasses, which `Output.json`
    (orjson) writes field by field and each key in `depends_on` by its `__json__` (its
    description): the same text, without the time of making a dict of every object here.
    """
    result: dict[str, Any] = {
        "server_version_num": model.server_version_num,
        "unread": dict(model.unread),
    }
    if not plain:
        result.update((kind, getattr(model, kind)) for kind in KINDS)
        return result
    for kind in KINDS:
        result[kind] = [object_to_json(obj) for obj in getattr(model, kind)]
    return result


def object_to_json(obj: Any) -> dict[str, Any]:
    """One object's fields, as plain data."""
    names, values = _fields(type(obj))
    data = dict(zip(names, values(obj), strict=True))
    for name, value in data.items():
        if isinstance(value, tuple):
            data[name] = [_plain(item) for item in value]
    return data


_SCALARS = frozenset((str, int, bool, float, type(None)))


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` for a nested object (a column, a privilege), without its deep
    copies: the model holds only immutable values. A key (in `depends_on`) is its
    description."""
    if type(value) is ObjectKey:
        return value.describe()
    if type(value) in _SCALARS or not dataclasses.is_dataclass(value):
        return value
    names, values = _fields(type(value))
    return {
        name: item if type(item) in _SCALARS else _asdict_value(item)
        for name, item in zip(names, values(value), strict=True)
    }


def _asdict_value(value: Any) -> Any:
    if type(value) is tuple:
        return tuple(_asdict_value(item) for item in value)
    return _plain(value)


_Fields = tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]
_FIELDS: dict[type, _Fields] = {}


def _fields(cls: type) -> _Fields:
    """A dataclass's field names, in order, and a function reading them all from an object."""
    if cls not in _FIELDS:
        names = tuple(f.name for f in dataclasses.fields(cls))
        if len(names) == 1:
            only = attrgetter(names[0])
            _FIELDS[cls] = (names, lambda obj: (only(obj),))
        else:
            _FIELDS[cls] = (names, attrgetter(*names))
    return _FIELDS[cls]
