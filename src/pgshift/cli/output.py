"""Printing for commands: plain text, JSON, and progress only on a terminal."""

from __future__ import annotations

import dataclasses
import json as _json
import math
from typing import Any, TextIO

import orjson

# Two-space indentation, keys that are not strings written as strings (as json.dumps does),
# and dates and times given to `_default`, so they print as str() prints them.
_JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def json_text(value: Any) -> str:
    """`value` as indented JSON: the values `json.dumps(value, indent=2, default=str,
    ensure_ascii=False)` writes (floats may be spelled otherwise: `1e-7` for `1e-07`), except
    that NaN and infinities are null (valid JSON) and dataclasses objects of their fields."""
    return json_bytes(value).decode()


def json_bytes(value: Any) -> bytes:
    """`json_text(value)` in UTF-8. orjson writes the tens of megabytes `inspect --json` prints
    of a database with thousands of tables about eight times as fast as the standard library.

    What orjson refuses (an integer beyond 64 bits, a string holding a lone surrogate, as a
    file name that is not UTF-8 decodes to) the standard library writes, the same values, with
    characters outside ASCII as `\\u` escapes (a lone surrogate has no UTF-8 form)."""
    try:
        return orjson.dumps(value, default=_default, option=_JSON_OPTIONS)
    except TypeError:
        return _json.dumps(_plain(value), indent=2, default=str).encode()


def _default(value: Any) -> Any:
    """What orjson does not write itself: an object with a `__json__` method as what that
    returns (a model's `ObjectKey` as its description), a named tuple as a list, the rest as
    str() prints it."""
    to_json = getattr(value, "__json__", None)
    if to_json is not None:
        return to_json()
    return list(value) if isinstance(value, tuple) else str(value)


def _plain(value: Any) -> Any:
    """What orjson makes of `value` before writing it, for the standard library: dataclasses
    as dicts of their fields, NaN and infinities as None, what has `__json__` as it says."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    to_json = getattr(value, "__json__", None)
    if to_json is not None:
        return _plain(to_json())
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


class Output:
    """Where a command writes. Tests pass StringIOs; the CLI passes sys.stdout/stderr."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out = out
        self.err = err

    @property
    def is_terminal(self) -> bool:
        """Standard error is a terminal (where progress is drawn)."""
        return bool(getattr(self.err, "isatty", lambda: False)())

    @property
    def out_is_terminal(self) -> bool:
        """Standard output is a terminal (tables); otherwise plain rows for pipes and files."""
        return bool(getattr(self.out, "isatty", lambda: False)())

    def line(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def info(self, text: str) -> None:
        """Progress and notes: stderr, so stdout stays machine-readable."""
        self.err.write(text + "\n")

    def error(self, text: str) -> None:
        self.err.write(f"pgshift: error: {text}\n")

    def warn(self, text: str) -> None:
        self.err.write(f"pgshift: warning: {text}\n")

    def json(self, value: Any) -> None:
        """`value` as JSON (json_text) and a line break: in UTF-8, as JSON is exchanged, straight
        to the stream's bytes where it has them (not decoded to be encoded again)."""
        data = json_bytes(value)
        buffer = getattr(self.out, "buffer", None)
        if buffer is None:
            self.out.write(data.decode() + "\n")
        else:
            self.out.flush()
            buffer.write(data)
            buffer.write(b"\n")

    def console(self) -> Any:
        """A rich Console on stdout (imported lazily: rich is slow to import)."""
        from rich.console import Console

        return Console(file=self.out, highlight=False, soft_wrap=True)
