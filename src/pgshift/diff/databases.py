"""Diff two live databases: connect, load both models, compare."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
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
    """Load both databases and compare them (changes make the target like the source).

    The two are read at the same time, each on its own connection: one server's work overlaps
    the other's and the building of both models. A failure to read the source is the one
    reported when both fail, as when they were read one after the other."""
    with ThreadPoolExecutor(2, thread_name_prefix="pgshift-diff") as pool:
        reading = [
            pool.submit(inspect_database, dsn, schemas=schemas) for dsn in (source_dsn, target_dsn)
        ]
        source, target = (future.result() for future in reading)
    changes = order_changes(compare(source, target, include=include))
    return DiffResult(
        redact_dsn(describe_dsn(source_dsn)),
        redact_dsn(describe_dsn(target_dsn)),
        tuple(changes),
        source,
        target,
    )
