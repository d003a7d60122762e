"""Hooks: SQL files and shell commands run before/after migrations, resets and current."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg

from ..config import Config
from ..db import redact_dsn
from ..errors import DatabaseError, PgshiftError
from .errorpos import located_error
from .files import read_text
from .placeholders import replace_placeholders


@dataclass(frozen=True)
class HookTarget:
    """What a hook runs against."""

    url: str
    database_name: str
    shadow: bool
    placeholders: Mapping[str, str]


def run_hooks(
    config: Config, name: str, target: HookTarget, conn: psycopg.Connection[Any] | None = None
) -> int:
    """Run every action of hook `name`; returns how many ran. SQL files run on `conn`."""
    ran = 0
    for action in config.hook(name):
        if action.shadow is not None and action.shadow != target.shadow:
            continue
        if action.command is not None:
            _run_command(action.command, name, target, config)
        else:
            assert action.sql_file is not None
            _run_sql_file(config, action.sql_file, target, conn)
        ran += 1
    return ran


def _run_sql_file(
    config: Config, relative: str, target: HookTarget, conn: psycopg.Connection[Any] | None
) -> None:
    from ..db import connect

    path = config.migrations_dir / relative
    sql = replace_placeholders(read_text(path), target.placeholders)
    owned = conn is None
    connection = connect(target.url, settings=config.pg_settings) if conn is None else conn
    try:
        with connection.transaction():
            connection.execute(sql.encode())
    except psycopg.Error as exc:
        raise located_error(connection, exc, sql, path=path) from exc
    finally:
        if owned:
            connection.close()


def _run_command(command: str, hook: str, target: HookTarget, config: Config) -> None:
    env = dict(os.environ)
    env.update(
        {
            "PGSHIFT_DATABASE_URL": target.url,
            "PGSHIFT_DATABASE_NAME": target.database_name,
            # graphile-migrate's names, so hooks written for it keep working.
            "GM_DBURL": target.url,
            "GM_DBNAME": target.database_name,
        }
    )
    if target.shadow:
        env["PGSHIFT_SHADOW"] = env["GM_SHADOW"] = "1"
    result = subprocess.run(
        command, shell=True, cwd=config.root, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()[-2000:]
        raise PgshiftError(
            redact_dsn(
                f"{hook} hook {command!r} exited with status {result.returncode}"
                + (f":\n{output}" if output else "")
            )
        )


__all__ = ["HookTarget", "run_hooks", "DatabaseError"]
