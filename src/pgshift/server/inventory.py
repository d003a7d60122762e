"""Every embedded cluster of the current user: listing them, destroying a project's, pruning
those whose project folder is gone.

Where clusters live and what is recorded about them: `record.py`. The user-facing life cycle
(start, stop, destroy, prune) is described in docs/cli.md.
"""

from __future__ import annotations

import enum
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .cluster import (
    Layout,
    ServerInfo,
    layout_for,
    locked,
    running_server,
    shut_down,
    socket_dir_for,
)
from .record import RECORD_FILE, known_clusters, read_record, unregister

# What a cluster folder holds besides data/; in a project's own .pgshift/ (users other than
# root) these are deleted one by one, so that the lock file and anything else stay.
_CLUSTER_FILES = ("data", "server.log", RECORD_FILE, f".{RECORD_FILE}.partial", ".pwfile")
_STATE_FILES = ("password", "server.json")


class ProjectState(enum.Enum):
    PRESENT = "present"
    GONE = "gone"  # the recorded project folder no longer exists: `prune` removes the cluster
    UNKNOWN = "unknown"  # made before pgshift recorded projects: only `prune --all` removes it


@dataclass(frozen=True)
class Cluster:
    """One cluster and what is known about it."""

    name: str
    folder: Path  # holds data/, server.log and cluster.json
    project: Path | None  # None when unknown
    project_state: ProjectState
    size: int  # bytes on disk, as du counts them
    server: ServerInfo | None  # None: not running
    port: int | None  # where it listens, or will on its next start; None: unknown
    tcp: bool


def list_clusters() -> list[Cluster]:
    """Every cluster of the current user (for root: every one under the cluster root)."""
    return [describe_cluster(name, folder, place) for name, folder, place in known_clusters()]


def describe_cluster(name: str, folder: Path, project: Path | None = None) -> Cluster:
    """What is known about the cluster in `folder`; `project` when its location tells."""
    record = read_record(folder)
    server = running_server(folder)
    if record is not None:
        project = record.project
    state = ProjectState.UNKNOWN if project is None else _project_state(project)
    if server is not None:
        port, tcp = server.port, server.tcp
    elif record is not None:
        port, tcp = record.port, record.tcp
    else:
        port, tcp = None, False
    return Cluster(name, folder, project, state, disk_usage(folder), server, port, tcp)


def _project_state(project: Path) -> ProjectState:
    try:
        project.stat()
    except (FileNotFoundError, NotADirectoryError):
        return ProjectState.GONE
    except OSError:
        pass  # cannot look (permissions, a stale mount): assume it exists, never delete on a guess
    return ProjectState.PRESENT


def disk_usage(folder: Path) -> int:
    """Bytes `folder` takes on disk (0 when it does not exist)."""
    total = 0
    for top, dirs, files in os.walk(folder):
        for name in (top, *(os.path.join(top, entry) for entry in (*dirs, *files))):
            try:
                total += os.lstat(name).st_blocks * 512
            except OSError:
                continue  # removed while counting
    return total


def project_cluster(project_dir: Path) -> Cluster | None:
    """The cluster of the project at `project_dir`, or None when it has none (yet)."""
    layout = layout_for(project_dir)
    if not _has_cluster(layout):
        return None
    return describe_cluster(layout.name, layout.cluster_dir, project_dir.resolve())


def destroy(project_dir: Path) -> Cluster | None:
    """Stop the project's server and delete its cluster; None when it has none.

    Also deletes the generated password and `server.json` from the project's `.pgshift/`.
    Returns the cluster as it was, with the space it took.
    """
    layout = layout_for(project_dir)
    with locked(layout):
        cluster = project_cluster(project_dir)
        if cluster is None:
            return None
        if cluster.server is not None:
            shut_down(cluster.server)
        if layout.cluster_dir == layout.state_dir:
            for name in (*_CLUSTER_FILES, *_STATE_FILES):
                _delete(layout.state_dir / name)
        else:
            shutil.rmtree(layout.cluster_dir)
            for name in _STATE_FILES:
                _delete(layout.state_dir / name)
        _forget(layout.name)
        return cluster


def _has_cluster(layout: Layout) -> bool:
    if layout.cluster_dir != layout.state_dir:
        return layout.cluster_dir.is_dir()
    return any((layout.cluster_dir / name).exists() for name in _CLUSTER_FILES)


def find_prunable(*, include_unknown: bool = False) -> list[Cluster]:
    """The clusters whose project folder is gone, and with `include_unknown` those made before
    pgshift recorded projects (whose project may well still exist)."""
    wanted = {ProjectState.GONE, *([ProjectState.UNKNOWN] if include_unknown else [])}
    return [cluster for cluster in list_clusters() if cluster.project_state in wanted]


def prune_cluster(cluster: Cluster) -> Cluster | None:
    """Stop and delete a cluster `find_prunable` returned, unless its project has come back
    since (then None). Returns the cluster as it was just before, with the space it took."""
    fresh = describe_cluster(cluster.name, cluster.folder, cluster.project)
    if fresh.project_state is ProjectState.PRESENT:
        return None
    if fresh.server is not None:
        shut_down(fresh.server)
    if fresh.folder.exists():
        shutil.rmtree(fresh.folder)
    _forget(fresh.name)
    return fresh


def _forget(name: str) -> None:
    """Remove the cluster's socket folder and (for users other than root) its registry link."""
    shutil.rmtree(socket_dir_for(name), ignore_errors=True)
    if os.geteuid() != 0:
        unregister(name)


def _delete(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
