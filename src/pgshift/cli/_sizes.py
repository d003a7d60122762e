"""Sizes as people read them: `70.1 MB` (units are powers of 1024, as in `clone`'s options)."""

from __future__ import annotations

_UNITS = (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024))


def human_size(size: int) -> str:
    """`73_500_000` -> `70.1 MB`; under 1 KB, in bytes: `512 B`."""
    for unit, factor in _UNITS:
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} B"
