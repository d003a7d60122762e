"""Compare two database models and write the SQL that makes the target like the source.

`compare(source, target)` -> changes (plain data), `order_changes` puts them in a runnable
order, `render(changes)` writes the SQL.
"""

from __future__ import annotations

from .changes import Change
from .comparison import Include, compare
from .databases import DiffResult, diff_databases
from .order import order_changes
from .rendering import render

__all__ = [
    "Change",
    "DiffResult",
    "Include",
    "compare",
    "diff_databases",
    "order_changes",
    "render",
]
