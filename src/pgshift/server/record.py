"""What pgshift notes about each embedded cluster, and where it finds all of a user's clusters.

Every cluster folder holds `cluster.json`: the project folder the cluster belongs to and the port
it listens on. It is written at the cluster's first start, so that `db list` and `db prune` can
tell whether the project still exists, and every later start (from any command) reuses the port.

When pgshift runs as root, every cluster lives under the cluster root (`PGSHIFT_CLUSTER_DIR`,
default `/var/lib/pgshift`), so listing that folder finds them all, including clusters made before
pgshift wrote `cluster.json`. Another user's clusters live in their projects' `.pgshift/` folders;
each start leaves a symbolic link to the folder in the user's registry
(`$XDG_STATE_HOME/pgshift/clusters`, by default `~/.local/state/pgshift/clusters`).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

RECORD_FILE = "cluster.json"


@dataclass(frozen=True)
class ClusterRecord:
    """The contents of `cluster.json`: whose cluster it is, and where it listens."""

    project: Path
    port: int
    tcp: bool  # also listening on 127.0.0.1:port, not only on the Unix socket


def cluster_root() -> Path:
    """Where root's clusters live (read on every call, so that tests can point it elsewhere)."""
    return Path(os.environ.get("PGSHIFT_CLUSTER_DIR") or "/var/lib/pgshift")


def registry_dir() -> Path:
    """Where a user other than root keeps links to the clusters in their projects."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "pgshift" / "clusters"


def read_record(cluster_dir: Path) -> ClusterRecord | None:
    """The cluster's record; None for a cluster made before pgshift wrote one (or no cluster)."""
    try:
        note = json.loads((cluster_dir / RECORD_FILE).read_text())
        return ClusterRecord(Path(note["project"]), int(note["port"]), bool(note["tcp"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_record(cluster_dir: Path, record: ClusterRecord) -> None:
    """Write `cluster.json` unless it already says the same; replaced whole, never half written."""
    if read_record(cluster_dir) == record:
        return
    note = {"project": str(record.project), "port": record.port, "tcp": record.tcp}
    partial = cluster_dir / f".{RECORD_FILE}.partial"
    partial.write_text(json.dumps(note, indent=2) + "\n")
    partial.chmod(0o644)
    partial.replace(cluster_dir / RECORD_FILE)


def register(name: str, cluster_dir: Path) -> None:
    """Link `name` in the registry to `cluster_dir` (for users other than root)."""
    link = registry_dir() / name
    with contextlib.suppress(OSError):
        if Path(os.readlink(link)) == cluster_dir:
            return
    link.parent.mkdir(parents=True, exist_ok=True)
    partial = link.with_name(f".{name}.partial")
    partial.unlink(missing_ok=True)
    partial.symlink_to(cluster_dir)
    partial.replace(link)


def unregister(name: str) -> None:
    (registry_dir() / name).unlink(missing_ok=True)


def known_clusters() -> list[tuple[str, Path, Path | None]]:
    """Every cluster of the current user as (name, folder, project), sorted by name.

    For root, the cluster root's folders, whose project only their record can tell (None here).
    For other users, the registry's links to `<project>/.pgshift`: the project is the folder's
    parent, and both may be gone.
    """
    if os.geteuid() == 0:
        root = cluster_root()
        if not root.is_dir():
            return []
        folders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        return sorted(((p.name, p, None) for p in folders), key=lambda known: known[0])
    registry = registry_dir()
    if not registry.is_dir():
        return []
    links = [p for p in registry.iterdir() if p.is_symlink() and not p.name.startswith(".")]
    targets = [(p.name, Path(os.readlink(p))) for p in links]
    return sorted(((n, f, f.parent) for n, f in targets), key=lambda known: known[0])
