"""Which databases a command talks to: the configured URLs, or the embedded server's."""

from __future__ import annotations

from dataclasses import dataclass

from . import server
from .config import Config
from .db import with_database
from .errors import ConfigError


@dataclass(frozen=True)
class Target:
    """The connection strings a command may use. `shadow` and `root` may be absent."""

    main: str
    shadow: str | None
    root: str | None
    embedded: bool

    def require_shadow(self) -> str:
        if self.shadow is None:
            raise ConfigError(
                [
                    "this command needs a shadow database: set SHADOW_DATABASE_URL or "
                    "'shadow_database_url'"
                ]
            )
        return self.shadow


def resolve_target(config: Config) -> Target:
    """The databases for `config`, starting the embedded server when no URL is configured."""
    if config.database_url is not None:
        return Target(
            main=config.database_url,
            shadow=config.shadow_database_url,
            root=config.root_database_url or _maintenance_url(config.database_url),
            embedded=False,
        )
    info = server.start(config.root)
    return Target(
        main=info.url(server.DEV_DATABASE),
        shadow=info.url(server.SHADOW_DATABASE),
        root=info.url("postgres"),
        embedded=True,
    )


def _maintenance_url(url: str) -> str:
    # Creating and dropping databases (reset) happens from the `postgres` database.
    return with_database(url, "postgres")
