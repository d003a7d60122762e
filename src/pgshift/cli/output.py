"""Printing for commands: plain text, JSON, and progress only on a terminal."""

from __future__ import annotations

from typing import Any, TextIO

from ._jsontext import dumps


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
        # json.dumps(value, indent=2, default=str), written faster (_jsontext.py)
        self.out.write(dumps(value, default=str) + "\n")

    def console(self) -> Any:
        """A rich Console on stdout (imported lazily: rich is slow to import)."""
        from rich.console import Console

        return Console(file=self.out, highlight=False, soft_wrap=True)
