"""`compile` and `run`: one SQL file with placeholders replaced."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from ..config import Config
from ..db import connect
from ..errors import UsageError
from ..targets import Target
from .errorpos import Locator, located_error
from .files import expand_includes_located, read_text
from .placeholders import placeholder_values, replace_placeholders
from .runner import compile_current_located


def _source(config: Config, file: Path | None) -> tuple[Path, str, Locator]:
    """FILE (or the current migration) with includes expanded, and where each line came from."""
    if file is None:
        current, text, locate = compile_current_located(config)
        return current.path, text, locate
    text, locate = expand_includes_located(read_text(file), config.migrations_dir, origin=file)
    return file, text, locate


def compile_file(
    config: Config, file: Path | None, *, database_name: str, database_owner: str
) -> str:
    """FILE (default: the current migration) with includes and placeholders replaced.

    Needs no server: the command passes the names :DATABASE_NAME and :DATABASE_OWNER stand for
    (`targets.database_identity`).
    """
    _, text, _ = _source(config, file)
    return replace_placeholders(
        text,
        placeholder_values(
            config.placeholders, database_name=database_name, database_owner=database_owner
        ),
    )


@dataclass(frozen=True)
class RunResult:
    """The rows the last statement returned, and its column names (empty: it returned none)."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_file(
    config: Config, target: Target, file: Path | None, *, shadow: bool = False, root: bool = False
) -> RunResult:
    """Run FILE in one transaction; return the rows of its last statement."""
    path, text, locate = _source(config, file)
    url = target.root if root else target.url(shadow=shadow)
    if url is None:
        raise UsageError("--root needs ROOT_DATABASE_URL or 'root_database_url'")
    with connect(url, settings=config.pg_settings) as conn:
        values = placeholder_values(
            config.placeholders, database_name=conn.info.dbname, database_owner=conn.info.user
        )
        sql = replace_placeholders(text, values)
        try:
            with conn.transaction():
                cursor = conn.execute(sql)
                if cursor.description is None:
                    return RunResult([], [])
                return RunResult([c.name for c in cursor.description], cursor.fetchall())
        except psycopg.Error as exc:
            raise located_error(
                conn, exc, sql, path=path, locate=locate, source=(text, values)
            ) from exc
