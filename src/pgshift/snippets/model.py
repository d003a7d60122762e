"""What the snippet generator produces and how it reports mistakes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One mistake in a source file: `line` and `column` are 1-based (column may be unknown)."""

    path: str
    line: int
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Snippet:
    """One VS Code snippet entry: `key` is its name in the file, `entry` its JSON object.

    `function` is the annotated function's (schema, name) as PostgreSQL normalises them, for
    entries generated from SQL.
    """

    key: str
    entry: dict[str, Any] = field(hash=False)
    path: str
    line: int
    function: tuple[str, str] | None = None
