"""Where imported migrations go and whose history adopt writes: the one place `--set` resolves.

`--set NAME` resolves here to that migration set's folder and history schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config


@dataclass(frozen=True)
class Destination:
    """A chain of committed migrations and the history schema that records it."""

    migrations_dir: Path
    history_schema: str
    set_name: str | None = None


def resolve_destination(config: Config, set_name: str | None) -> Destination:
    """The project's chain, or the named set's (a UsageError for a set not configured)."""
    if set_name is None:
        return Destination(config.migrations_dir, config.history_schema)
    chosen = config.for_set(set_name)
    return Destination(chosen.migrations_dir, chosen.history_schema, set_name)
