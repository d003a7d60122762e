"""Where imported migrations go and whose history adopt writes: the one place `--set` resolves.

Migration sets (several chains in one project) do not exist yet. When they do, `--set NAME`
resolves here to that set's folder and history schema, and `import`/`adopt` need no other
change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import UsageError


@dataclass(frozen=True)
class Destination:
    """A chain of committed migrations and the history schema that records it."""

    migrations_dir: Path
    history_schema: str
    set_name: str | None = None


def resolve_destination(config: Config, set_name: str | None) -> Destination:
    """The project's chain, or the named set's (a UsageError until sets are configured)."""
    if set_name is None:
        return Destination(config.migrations_dir, config.history_schema)
    raise UsageError(
        f"--set {set_name}: sets are not configured in this project; leave out --set to use "
        f"its one chain of migrations ({config.migrations_folder})"
    )
