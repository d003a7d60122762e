"""What the snippet generator produces and how it reports mistakes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import PgshiftError


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


class SnippetError(PgshiftError):
    """The sources hold mistakes; `.problems` lists every one (each with file and line)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        if len(self.problems) == 1:
            text = str(self.problems[0])
        else:
            listed = "\n".join(f"  {p}" for p in self.problems)
            text = f"{len(self.problems)} problems in snippet sources:\n{listed}"
        super().__init__(text + "\nNothing was written.")


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
