"""Diff two live databases: connect, load both models, compare."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..db import describe_dsn, redact_dsn
from ..inspect.load import inspect_database
from ..inspect.model import Model
from .changes import Change
from .comparison import Include, compare
from .order import order_changes


@dataclass(frozen=True)
class DiffResult:
    """What `target` lacks or has differently compared with `source`, in running order."""

    source: str  # labels without passwords
    target: str
    changes: tuple[Change, ...]
    source_model: Model
    target_model: Model

    @property
    def destructive(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.destructive)


def diff_databases(
    source_dsn: str,
    target_dsn: str,
    *,
    schemas: Sequence[str] | None = None,
    include: Include = Include.DEFINITIONS,
) -> DiffResult:
    """Load both databases and compare them (changes make the target like the source)."""
    source = inspect_database(source_dsn, schemas=schemas)
    target = inspect_database(target_dsn, schemas=schemas)
    changes = order_changes(compare(source, target, include=include))
    return DiffResult(
        redact_dsn(describe_dsn(source_dsn)),
        redact_dsn(describe_dsn(target_dsn)),
        tuple(changes),
        source,
        target,
    )
