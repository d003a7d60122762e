"""Cloning one PostgreSQL database into another: schema, rows, sequences, verified.

`clone(source, target, options)` runs the phases described in docs/moves.md ("clone").
"""

from .options import CloneOptions, CloneResult, Mode, TableReport
from .progress import CopyItem, CopyMeter, Progress, Throughput
from .run import clone

__all__ = [
    "CloneOptions",
    "CloneResult",
    "CopyItem",
    "CopyMeter",
    "Mode",
    "Progress",
    "TableReport",
    "Throughput",
    "clone",
]
