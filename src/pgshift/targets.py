"""Which databases a command works on, chosen once at the edge and handed to the engine.

A command (or a program using the API) calls `resolve_target(config)` once; every engine
function takes the resulting `Target` and never decides for itself which database, nor starts
a server. A fleet of databases is a list of targets handed to the same engine one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .db import database_name, dsn_params, with_database
from .errors import ConfigError


@dataclass(frozen=True)
class Target:
    """One database to work on, with its shadow and maintenance (root) databases.

    `shadow` and `root` may be absent; `embedded` says the URLs are the embedded server's.
    """

    main: str
    shadow: str | None
    root: str | None
    embedded: bool = False
    notice: str | None = None  # the embedded server's first-start line, for the edge to show

    def require_shadow(self) -> str:
        if self.shadow is None:
            raise ConfigError(
                [
                    "this command needs a shadow database: set SHADOW_DATABASE_URL or "
                    "'shadow_database_url'"
                ]
            )
        return self.shadow

    def url(self, *, shadow: bool = False) -> str:
        """The main database's URL, or the shadow's (which must then be configured)."""
        return self.require_shadow() if shadow else self.main


def resolve_target(config: Config) -> Target:
    """The databases for `config`, starting the embedded server when no URL is configured."""
    if config.database_url is not None:
        return Target(
            main=config.database_url,
            shadow=config.shadow_database_url,
            root=config.root_database_url or _maintenance_url(config.database_url),
        )
    from . import server  # only here: a configured database needs no server code

    info = server.start(config.root)
    return Target(
        main=info.url(server.DEV_DATABASE),
        shadow=info.url(server.SHADOW_DATABASE),
        root=info.url("postgres"),
        embedded=True,
        notice=server.first_start_note(info),
    )


def resolve_fleet(config: Config) -> list[Target]:
    """The databases of a fleet environment: `database_urls`, then the ones
    `database_urls_query` lists (run on the environment's root database; each row a connection
    URL or a database name on that server), without duplicates, in that order."""
    urls = list(config.database_urls)
    if config.database_urls_query is not None:
        urls += _listed_urls(config)
    seen: set[str] = set()
    targets = []
    for url in urls:
        if url not in seen:
            seen.add(url)
            targets.append(Target(main=url, shadow=None, root=_maintenance_url(url)))
    return targets


def _listed_urls(config: Config) -> list[str]:
    from .db import connect

    root = config.root_database_url or (
        _maintenance_url(config.database_url) if config.database_url else None
    )
    if root is None and config.database_urls:
        root = _maintenance_url(config.database_urls[0])
    if root is None:
        raise ConfigError(
            [
                "'database_urls_query' runs on the environment's root database: set "
                "'root_database_url' (or 'database_url') in that environment"
            ]
        )
    assert config.database_urls_query is not None
    with connect(root) as conn:
        rows = conn.execute(config.database_urls_query).fetchall()  # the user's own query
    listed = []
    for row in rows:
        value = str(row[0])
        is_url = "://" in value or "=" in value
        listed.append(value if is_url else with_database(root, value))
    return listed


def database_identity(config: Config, *, shadow: bool = False) -> tuple[str, str]:
    """The database's name and owner as far as the configuration says, starting nothing.

    For `compile`, which fills in :DATABASE_NAME and :DATABASE_OWNER without connecting.
    """
    if config.database_url is None:
        from . import server

        owner = config.database_owner or server.SUPERUSER
        return (server.SHADOW_DATABASE if shadow else server.DEV_DATABASE), owner
    url = config.shadow_database_url if shadow else config.database_url
    if url is None:
        return "", config.database_owner or ""
    return database_name(url), config.database_owner or dsn_params(url).get("user", "")


def _maintenance_url(url: str) -> str:
    # Creating and dropping databases (reset) happens from the `postgres` database.
    return with_database(url, "postgres")
