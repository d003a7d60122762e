"""`compile` and `run`: one SQL file with placeholders replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from .. import server
from ..config import Config
from ..db import connect, database_name, dsn_params
from ..targets import resolve_target
from .errorpos import database_error
from .files import expand_includes, read_text
from .placeholders import placeholder_values, replace_placeholders
from .runner import compile_current


def _source(config: Config, file: Path | None) -> tuple[Path, str]:
    if file is None:
        current, text = compile_current(config)
        return current.path, text
    return file, expand_includes(read_text(file), config.migrations_dir, origin=file)


def compile_file(config: Config, file: Path | None, *, shadow: bool = False) -> str:
    """FILE (default: the current migration) with includes and placeholders replaced.

    Needs no server: :DATABASE_NAME and :DATABASE_OWNER come from the configured URL, or are
    the embedded server's names.
    """
    _, text = _source(config, file)
    url = config.shadow_database_url if shadow else config.database_url
    if config.uses_embedded_server:
        name = server.SHADOW_DATABASE if shadow else server.DEV_DATABASE
        owner = server.SUPERUSER
    else:
        name = database_name(url) if url else ""
        owner = dsn_params(url).get("user", "") if url else ""
    return replace_placeholders(
        text, placeholder_values(config.placeholders, database_name=name, database_owner=owner)
    )


def run_file(
    config: Config, file: Path | None, *, shadow: bool = False, root: bool = False
) -> list[tuple[Any, ...]]:
    """Run FILE in one transaction; return the rows of its last statement."""
    path, text = _source(config, file)
    targets = resolve_target(config)
    url = targets.root if root else (targets.require_shadow() if shadow else targets.main)
    assert url is not None
    with connect(url, settings=config.pg_settings) as conn:
        sql = replace_placeholders(
            text,
            placeholder_values(
                config.placeholders, database_name=conn.info.dbname, database_owner=conn.info.user
            ),
        )
        try:
            with conn.transaction():
                cursor = conn.execute(sql)
                return cursor.fetchall() if cursor.description else []
        except psycopg.Error as exc:
            raise database_error(exc, sql, path=path) from exc
