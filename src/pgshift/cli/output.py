"""Printing for commands: plain text, JSON, and progress only on a terminal."""

from __future__ import annotations

import json as _json
from typing import Any, TextIO

import orjson

# Two-space indentation, keys that are not strings written as strings (as json.dumps does),
# and dates and times given to `_default`, so they print as str() prints them.
_JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def json_text(value: Any) -> str:
    """`value` as indented JSON: the text of `json.dumps(value, indent=2, default=str,
    ensure_ascii=False)`, except that NaN and infinities are written as null (valid JSON) and
    dataclasses as objects."""
    return json_bytes(value).decode()


def json_bytes(value: Any) -> bytes:
    """`json_text(value)` in UTF-8. orjson writes the tens of megabytes `inspect --json` prints
    of a database with thousands of tables about eight times as fast as the standard library."""
    try:
        return orjson.dumps(value, default=_default, option=_JSON_OPTIONS)
    except TypeError:  # an integer beyond 64 bits, which only the standard library writes
        return _json.dumps(value, indent=2, default=str, ensure_ascii=False).encode()


def _default(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else str(value)


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
