"""Writing committed migrations for tests without going through `commit`."""

from __future__ import annotations

from pathlib import Path

from pgshift.migrations.hashing import compute_hash
from pgshift.migrations.headers import serialize_migration


def write_history(folder: Path, bodies: list[str]) -> list[Path]:
    """Write `bodies` as a valid chain of committed migrations; return their paths."""
    committed = folder / "committed"
    committed.mkdir(parents=True, exist_ok=True)
    previous = None
    paths = []
    for number, body in enumerate(bodies, start=1):
        digest = compute_hash(body, previous)
        path = committed / f"{number:06d}.sql"
        path.write_text(serialize_migration(body, {"Previous": previous or "-", "Hash": digest}))
        paths.append(path)
        previous = digest
    return paths
