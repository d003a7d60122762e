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

    With `plain=False`, what an object holds (columns, privileges...) stays as tuples of
    dataclasses, which `Output.json` (orjson) writes as lists of objects, the same text, without
    the time of making dicts and lists of them here.
    """
    result: dict[str, Any] = {
        "server_version_num": model.server_version_num,
        "unread": dict(model.unread),
    }
    described: dict[ObjectKey, str] = {}  # a key needed by several objects (a schema's)
    for kind in KINDS:
        result[kind] = [object_to_json(obj, described, plain=plain) for obj in getattr(model, kind)]
    return result


def object_to_json(
    obj: Any, described: dict[ObjectKey, str] | None = None, *, plain: bool = True
) -> dict[str, Any]:
    """One object's fields; `described` keeps the descriptions of keys already written."""
    if described is None:
        described = {}
    names, values = _fields(type(obj))
    data = dict(zip(names, values(obj), strict=True))
    if plain:
        for name, value in data.items():
            if isinstance(value, tuple):
                data[name] = [_plain(item) for item in value]
    keys = data.get("depends_on")
    if keys:
        data["depends_on"] = [
            described[key] if key in described else described.setdefault(key, key.describe())
            for key in keys
        ]
    return data


_SCALARS = frozenset((str, int, bool, float, type(None)))


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` for a nested object (a column, a privilege), without its deep
    copies: the model holds only immutable values."""
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
