"""The schema file (`schema_file` in pgshift.toml): the development database's schema as SQL,
written after every migrate and commit so that a review shows what a migration did.

Written only for the development database: the default environment's `database_url`, or the
embedded server's. Not for the shadow database, nor with `--env` (a named environment, fleets
included), nor for a database a program migrates with the project's configuration (the test
plugin's). The text is `schemadump`'s, under a fixed header, so it changes only when the schema
does. `status` reports it stale when it differs from what the database gives now.
docs/repeatable.md, "Schema file".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from ..config import Config
from ..db import redact_dsn
from ..errors import PgshiftError
from ..targets import Target

HEADER = (
    "-- The schema of the development database as pgshift renders it, written after every\n"
    "-- migrate and commit (schema_file in pgshift.toml). Do not edit; review its changes.\n"
)


@dataclass(frozen=True)
class SchemaFileResult:
    """The schema file after a migrate: `written` is false when it already held this text;
    `error` says why it could not be written (the migrations themselves were applied)."""

    path: Path
    written: bool = False
    error: str | None = None


def keeps_schema_file(config: Config, target: Target) -> bool:
    """Whether the configuration keeps a schema file of `target`'s main database: it has a
    `schema_file`, no `--env` was chosen, and the database is the development one (the
    configured `database_url`, or the embedded server's when none is configured)."""
    if config.schema_file is None or config.environment is not None:
        return False
    if config.database_url is None:
        return target.embedded
    return target.main == config.database_url


def schema_file_path(config: Config) -> Path:
    assert config.schema_file is not None, "only asked when the configuration keeps one"
    return config.root / config.schema_file


def render_schema_file(config: Config, conn: psycopg.Connection[Any], *, root_url: str) -> str:
    """The text the schema file should hold for the connected database."""
    from ..diff import Include
    from .schemadump import read_fresh_model, read_model, schema_changes, schema_sql

    include = Include.PRIVILEGES | (
        Include.OWNERS if config.schema_file_owners else Include.DEFINITIONS
    )
    model = read_model(conn, config)
    changes = schema_changes(model, read_fresh_model(root_url, config), include=include)
    script = schema_sql(changes)
    return HEADER + ("\n" + script if script else "")


def write_schema_file(
    config: Config, conn: psycopg.Connection[Any], *, root_url: str | None
) -> SchemaFileResult:
    """Write the schema file for the connected database when its text changed.

    Never raises for a database or file problem: the caller has applied migrations, which a
    by-product must not undo; the result's `error` says what went wrong.
    """
    path = schema_file_path(config)
    try:
        if root_url is None:
            raise PgshiftError("no root connection to make a fresh database with")
        text = render_schema_file(config, conn, root_url=root_url)
        if _read(path) == text:
            return SchemaFileResult(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)  # never half a file, even if interrupted
        finally:
            temporary.unlink(missing_ok=True)
    except (PgshiftError, psycopg.Error, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).strip()
        reason = redact_dsn(reason)
        return SchemaFileResult(path, error=f"{path}: not written: {reason}")
    return SchemaFileResult(path, written=True)


def is_schema_file_stale(
    config: Config, conn: psycopg.Connection[Any], *, root_url: str | None
) -> bool:
    """Whether the schema file is missing or differs from what the connected database gives."""
    path = schema_file_path(config)
    if root_url is None:
        raise PgshiftError(f"{path}: cannot check it: no root connection to compare with")
    return _read(path) != render_schema_file(config, conn, root_url=root_url)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
