"""The model as plain JSON-ready data (`pgshift inspect --json`)."""

from __future__ import annotations

import dataclasses
from typing import Any

from .model import KINDS, Model


def model_to_json(model: Model) -> dict[str, Any]:
    """`{"server_version_num": ..., "unread": {...}, "<kind>": [{field: value, ...}, ...], ...}`.

    Every field is kept, including owners and sequence values; `depends_on` becomes a list of
    descriptions such as `"table public.users"`. `unread` counts the objects of kinds the model
    does not read (`{"rules": 2}`; empty when there are none).
    """
    result: dict[str, Any] = {
        "server_version_num": model.server_version_num,
        "unread": dict(model.unread),
    }
    for kind in KINDS:
        result[kind] = [object_to_json(obj) for obj in getattr(model, kind)]
    return result


def object_to_json(obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name == "depends_on":
            data[f.name] = [key.describe() for key in value]
        elif isinstance(value, tuple):
            data[f.name] = [_plain(item) for item in value]
        else:
            data[f.name] = value
    return data


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value
