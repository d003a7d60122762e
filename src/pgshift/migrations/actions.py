"""Hooks: SQL files and shell commands run before/after migrations, resets and current."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg

from ..config import HOOK_DATABASE_URL, Action, Config
from ..db import dsn_params, redact_dsn, with_database
from ..errors import DatabaseError, PgshiftError
from .errorpos import located_error
from .files import read_text
from .placeholders import replace_placeholders

# What graphile-migrate puts in DATABASE_URL for hook commands, so that a script reading it fails
# loudly instead of changing the wrong database: GM_DBURL names the one the hook is about.


@dataclass(frozen=True)
class HookTarget:
    """What a hook runs against: the database, and the root connection for root actions."""

    url: str
    database_name: str
    shadow: bool
    placeholders: Mapping[str, str]
    root_url: str | None = None

    def url_for(self, action: Action) -> str:
        """The hook's database; for a root action the root connection pointed at it (as
        graphile-migrate does: the root role, the hook's database name)."""
        if not action.root:
            return self.url
        if self.root_url is None:
            raise PgshiftError(
                f"{action.describe()} needs the root connection: set ROOT_DATABASE_URL or "
                "'root_database_url'"
            )
        return with_database(self.root_url, self.database_name)


def run_hooks(
    config: Config, name: str, target: HookTarget, conn: psycopg.Connection[Any] | None = None
) -> int:
    """Run every action of hook `name`; returns how many ran.

    SQL files run on `conn` (when given), except root ones, which open their own connection.
    """
    ran = 0
    for action in config.hook(name):
        if action.shadow is not None and action.shadow != target.shadow:
            continue
        if action.command is not None:
            _run_command(action, name, target, config)
        else:
            _run_sql_file(config, action, target, None if action.root else conn)
        ran += 1
    return ran


def _run_sql_file(
    config: Config, action: Action, target: HookTarget, conn: psycopg.Connection[Any] | None
) -> None:
    from ..db import connect

    assert action.sql_file is not None
    path = config.migrations_dir / action.sql_file
    written = read_text(path)
    sql = replace_placeholders(written, target.placeholders)
    owned = conn is None
    url = target.url_for(action)
    connection = connect(url, settings=config.pg_settings) if conn is None else conn
    try:
        with connection.transaction():
            connection.execute(sql.encode())
    except psycopg.Error as exc:
        raise located_error(
            connection, exc, sql, path=path, source=(written, target.placeholders)
        ) from exc
    finally:
        if owned:
            connection.close()


def _run_command(action: Action, hook: str, target: HookTarget, config: Config) -> None:
    assert action.command is not None
    command = action.command
    env = dict(os.environ)
    # Set below when they apply; a hook running pgshift again must not inherit stale ones.
    for name in ("GM_DBUSER", "GM_SHADOW", "PGSHIFT_SHADOW"):
        env.pop(name, None)
    url = target.url_for(action)
    env.update(
        {
            "PGSHIFT_DATABASE_URL": url,
            "PGSHIFT_DATABASE_NAME": target.database_name,
            # graphile-migrate's names and values, so hooks written for it keep working.
            "GM_DBURL": url,
            "GM_DBNAME": target.database_name,
            "DATABASE_URL": HOOK_DATABASE_URL,
        }
    )
    user = dsn_params(target.url).get("user")
    if user and not action.root:
        env["GM_DBUSER"] = user
    if target.shadow:
        env["PGSHIFT_SHADOW"] = env["GM_SHADOW"] = "1"
    result = subprocess.run(
        command, shell=True, cwd=config.root, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        # Redacted before it is cut: a cut through a URL would hide the part redaction looks for.
        output = redact_dsn((result.stderr or result.stdout).strip())[-2000:]
        raise PgshiftError(
            redact_dsn(f"{hook} hook {command!r} exited with status {result.returncode}")
            + (f":\n{output}" if output else "")
        )


__all__ = ["HookTarget", "run_hooks", "DatabaseError"]
