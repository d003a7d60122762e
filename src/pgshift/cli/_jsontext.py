"""`json.dumps(value, indent=2, default=str)`, the same text, several times faster.

With `indent` the standard library encodes in Python, one generator per container, which for
the tens of megabytes `inspect --json` prints of a database with thousands of tables takes
longer than reading the catalog. This writes the same text through a list of parts, strings
escaped by the standard library's C function. Containers must not refer to themselves (the
standard library checks; this would recurse until Python stops it).
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any

_INDENT = "  "
_FLOATS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


def dumps(value: Any, *, default: Callable[[Any], Any] = str) -> str:
    """The text of `json.dumps(value, indent=2, default=default)`."""
    parts: list[str] = []
    _encode(value, parts, "\n", default)
    return "".join(parts)


def _encode(value: Any, parts: list[str], newline: str, default: Callable[[Any], Any]) -> None:
    """Append the text of `value`; `newline` is a line break and the current indentation."""
    cls = type(value)
    if cls is str:
        parts.append(encode_basestring_ascii(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif cls is int:
        parts.append(int.__repr__(value))
    elif cls is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + _INDENT
        separator = "{" + inner
        for key, item in value.items():
            name = encode_basestring_ascii(key if type(key) is str else _key(key))
            # Scalars (most values) inline: a part each instead of four calls.
            if type(item) is str:
                parts.append(f"{separator}{name}: {encode_basestring_ascii(item)}")
            elif item is None:
                parts.append(f"{separator}{name}: null")
            elif item is False or item is True:
                parts.append(f"{separator}{name}: {'true' if item else 'false'}")
            elif type(item) is int:
                parts.append(f"{separator}{name}: {int.__repr__(item)}")
            else:
                parts.append(f"{separator}{name}: ")
                _encode(item, parts, inner, default)
            separator = "," + inner
        parts.append(newline + "}")
    elif cls is list or cls is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + _INDENT
        separator = "[" + inner
        for item in value:
            if type(item) is str:
                parts.append(separator + encode_basestring_ascii(item))
            else:
                parts.append(separator)
                _encode(item, parts, inner, default)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        _encode_other(value, parts, newline, default)


def _encode_other(
    value: Any, parts: list[str], newline: str, default: Callable[[Any], Any]
) -> None:
    """What the fast path leaves: subclasses of the JSON types (as json writes them), floats,
    and anything else through `default`."""
    if isinstance(value, str):
        parts.append(encode_basestring_ascii(value))
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, dict):
        _encode(dict(value), parts, newline, default)
    elif isinstance(value, (list, tuple)):
        _encode(list(value), parts, newline, default)
    else:
        _encode(default(value), parts, newline, default)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    return _FLOATS.get(value) or float.__repr__(value)


def _key(key: Any) -> str:
    """A dictionary key as json makes it a string (other types are refused, as json does)."""
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _float(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
