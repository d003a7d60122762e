"""A database's schema as pgshift writes it: the SQL that builds it in a fresh database.

`baseline` writes it as the first committed migration and the schema file (`schema_file`) keeps
it for review. Both read the database with `inspect` and compare it, with `diff`, to a fresh
database made the way `reset` makes one (`create database` from the server's default template,
through the root connection, dropped again at once): what the template gives every database
(the `public` schema, `plpgsql`, their default privileges) is therefore never written, on any
server version. pgshift's own schemas (every migration set's history schema, `pgshift_utils`)
are left out of both sides.

The SQL is `diff`'s rendering: one `--` line naming each change, objects in dependency order,
ties broken by kind and name, so the same schema gives the same text byte for byte. Sequence
values are never part of it; owners only when asked.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..db import connect, describe_dsn, redact_dsn, with_database
from ..errors import PgshiftError

if TYPE_CHECKING:
    import psycopg

    from ..diff import Change, Include
    from ..inspect.model import Model

# The library's runtime schema (library/install.py's RUNTIME_SCHEMA, not imported: that module
# reads package resources, which a migrate without a schema file never needs).
_LIBRARY_SCHEMA = "pgshift_utils"


def own_schemas(config: Config) -> frozenset[str]:
    """The schemas pgshift itself keeps: every set's history schema and the helper library's."""
    return frozenset({_LIBRARY_SCHEMA, *(s.history_schema for s in config.all_sets())})


def without_schemas(model: Model, schemas: Collection[str]) -> Model:
    """`model` without the schemas named and every object in them (extensions installed there
    included). Event triggers, which live in no schema, stay."""
    from ..inspect.model import KINDS, Schema

    def kept(obj: object) -> bool:
        name = obj.name if isinstance(obj, Schema) else getattr(obj, "schema", None)
        return name not in schemas

    objects: dict[str, Any] = {kind: tuple(filter(kept, getattr(model, kind))) for kind in KINDS}
    return dataclasses.replace(model, **objects)


def read_model(conn: psycopg.Connection[Any], config: Config) -> Model:
    """The connected database's model without pgshift's own schemas."""
    from ..inspect.load import load_model

    return without_schemas(load_model(conn), own_schemas(config))


def read_fresh_model(root_url: str, config: Config) -> Model:
    """The model of a database as `reset` creates it on the server of `root_url`.

    A scratch database (`pgshift_scratch_<random>`) is created from `root_url`, inspected and
    dropped, whatever happens in between. Raises `PgshiftError` when the root role may not
    create databases there.
    """
    import psycopg
    from psycopg import sql

    from ..inspect.load import inspect_database

    name = f"pgshift_scratch_{secrets.token_hex(6)}"
    where = redact_dsn(describe_dsn(root_url))
    with connect(root_url) as root:
        try:
            root.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        except psycopg.Error as exc:
            raise PgshiftError(
                f"could not create a scratch database from {where} to compare with: "
                f"{redact_dsn(str(exc).strip())}; pgshift compares the schema with a fresh "
                "database, made where reset makes them (root_database_url)"
            ) from exc
        try:
            return without_schemas(
                inspect_database(with_database(root_url, name)), own_schemas(config)
            )
        finally:
            drop = sql.SQL("drop database if exists {} with (force)")
            root.execute(drop.format(sql.Identifier(name)))


def schema_changes(model: Model, fresh: Model, *, include: Include) -> list[Change]:
    """What builds `model` in the fresh database, in running order."""
    from ..diff import compare, order_changes

    return order_changes(compare(model, fresh, include=include))


def schema_sql(changes: Collection[Change]) -> str:
    """The SQL of `changes`. Dropping what a fresh database has and the schema lacks (a
    `public` schema that was dropped) is part of building it, so it is allowed."""
    from ..diff import render

    return render(changes, allow_destructive=True)
