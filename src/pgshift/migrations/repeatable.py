"""Repeatable migrations: SQL files kept as source (functions, views, grants), run again
whenever their content changes.

A set's `repeatable/` folder holds them, run in name order after its committed migrations;
`repeatable/before/` runs before them (helpers that migrations call). Each run is recorded with
the file's hash in the history schema's `repeatable` table, beside graphile-migrate's tables
(which graphile-migrate never reads), so an unchanged file costs nothing. Format:
docs/repeatable.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from ..config import Config
from .errorpos import Locator, located_error
from .files import expand_includes_located, read_text
from .placeholders import replace_placeholders
from .sqlscan import is_no_transaction

FOLDER = "repeatable"
BEFORE = "before"


@dataclass(frozen=True)
class RepeatableFile:
    """One file: `name` relative to the repeatable folder (`before/10_helpers.sql`)."""

    name: str
    path: Path
    text: str  # includes expanded, placeholders not yet replaced
    hash: str
    locate: Locator

    @property
    def before(self) -> bool:
        return self.name.startswith(f"{BEFORE}/")


def read_repeatable(config: Config) -> list[RepeatableFile]:
    """The current set's repeatable files: `before/` ones first, each group in name order."""
    folder = config.migrations_dir / FOLDER
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.glob("*.sql") if p.is_file())
    early = folder / BEFORE
    if early.is_dir():
        paths = sorted(p for p in early.glob("*.sql") if p.is_file()) + paths
    files = []
    for path in paths:
        text, locate = expand_includes_located(read_text(path), config.migrations_dir, origin=path)
        digest = "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()  # noqa: S324 - not security
        files.append(
            RepeatableFile(path.relative_to(folder).as_posix(), path, text, digest, locate)
        )
    for file in files:
        if is_no_transaction(file.text):
            from ..errors import MigrationFileError

            raise MigrationFileError(
                "a repeatable file runs in a transaction with its history row; "
                "'--! no-transaction' is for committed migrations",
                path=file.path,
                line=1,
            )
    return files


def _table(schema: str) -> sql.Composed:
    return sql.SQL("{}.repeatable").format(sql.Identifier(schema))


def read_recorded(conn: psycopg.Connection[Any], schema: str) -> dict[str, str]:
    """filename -> hash of every repeatable file the database ran (empty before the first)."""
    try:
        rows = conn.execute(sql.SQL("select filename, hash from {}").format(_table(schema)))
    except psycopg.errors.UndefinedTable:
        return {}
    return {name: digest for name, digest in rows.fetchall()}


@dataclass(frozen=True)
class RepeatableChanges:
    """What a set's repeatable files need: files to run (changed or new), names to forget."""

    run: list[RepeatableFile]
    deleted: list[str]

    @property
    def before(self) -> list[RepeatableFile]:
        return [f for f in self.run if f.before]

    @property
    def after(self) -> list[RepeatableFile]:
        return [f for f in self.run if not f.before]


def changes(files: list[RepeatableFile], recorded: dict[str, str]) -> RepeatableChanges:
    present = {f.name for f in files}
    return RepeatableChanges(
        [f for f in files if recorded.get(f.name) != f.hash],
        sorted(name for name in recorded if name not in present),
    )


def run_repeatable(
    conn: psycopg.Connection[Any],
    schema: str,
    file: RepeatableFile,
    placeholders: dict[str, str],
) -> None:
    """Run one file and record its hash, in one transaction (both or neither)."""
    _ensure_table(conn, schema)
    body = replace_placeholders(file.text, placeholders)
    record = sql.SQL(
        "insert into {} (filename, hash) values ({}, {}) on conflict (filename) do update"
        " set hash = excluded.hash, date = now()"
    ).format(_table(schema), sql.Literal(file.name), sql.Literal(file.hash))
    try:
        with conn.transaction():
            conn.execute(body + "\n;\n" + record.as_string(conn))
    except psycopg.Error as exc:
        raise located_error(
            conn,
            exc,
            body,
            path=file.path,
            locate=file.locate,
            source=(file.text, placeholders),
        ) from exc


def forget(conn: psycopg.Connection[Any], schema: str, names: list[str]) -> None:
    """Drop the records of deleted files (what they created stays: dropping it is the author's
    job), so that a file added again under that name runs."""
    if names:
        conn.execute(
            sql.SQL("delete from {} where filename = any(%s)").format(_table(schema)), [names]
        )


def _ensure_table(conn: psycopg.Connection[Any], schema: str) -> None:
    conn.execute(
        sql.SQL(
            "create schema if not exists {s}; create table if not exists {t} ("
            " filename text primary key, hash text not null,"
            " date timestamptz not null default now())"
        ).format(s=sql.Identifier(schema), t=_table(schema))
    )
