"""Setting the session values the SQL helper library reads, for one transaction.

The library's SQL reads `pgshift.auth.subject_name`, `pgshift.auth.permissions`,
`pgshift.auth.tags`, `pgshift.auth.user_id`, `pgshift.tenant_id` and `pgshift.environment_id`.
They are set transaction-locally (`set_config(name, value, true)`), so a pooled connection never
carries one request's identity into the next:

    with pgshift.session.transaction(conn, user_id=user.id, permissions=["notes:read"]):
        rows = conn.execute("select * from app.notes").fetchall()
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import psycopg
from psycopg import pq

from ..errors import UsageError

SETTINGS = (
    "pgshift.auth.subject_name",
    "pgshift.auth.permissions",
    "pgshift.auth.tags",
    "pgshift.auth.user_id",
    "pgshift.tenant_id",
    "pgshift.environment_id",
)
_SET_ALL = "select " + ", ".join("pg_catalog.set_config(%s, %s, true)" for _ in SETTINGS)


def session_values(
    *,
    subject_name: str | None = None,
    permissions: Iterable[str] = (),
    tags: Iterable[str] = (),
    user_id: UUID | str | None = None,
    tenant_id: UUID | str | None = None,
    environment_id: UUID | str | None = None,
) -> dict[str, str]:
    """The setting values as text. Lists become JSON arrays, so names holding commas, quotes,
    `_` or `%` arrive exactly; None becomes '' (what the SQL reads as unset)."""
    return {
        "pgshift.auth.subject_name": subject_name or "",
        "pgshift.auth.permissions": _json_list(permissions, "permissions"),
        "pgshift.auth.tags": _json_list(tags, "tags"),
        "pgshift.auth.user_id": _uuid_text(user_id, "user_id"),
        "pgshift.tenant_id": _uuid_text(tenant_id, "tenant_id"),
        "pgshift.environment_id": _uuid_text(environment_id, "environment_id"),
    }


def _json_list(values: Iterable[str], name: str) -> str:
    if isinstance(values, str):
        raise UsageError(f"{name} must be a list of strings, not one string")
    items = list(values)
    if not all(isinstance(v, str) for v in items):
        raise UsageError(f"{name} must be a list of strings")
    return json.dumps(items) if items else ""


def _uuid_text(value: UUID | str | None, name: str) -> str:
    if value is None:
        return ""
    try:
        return str(value if isinstance(value, UUID) else UUID(str(value)))
    except ValueError:
        raise UsageError(f"{name} must be a UUID, got {value!r}") from None


def set_session(conn: psycopg.Connection[Any], **values: Any) -> None:
    """Set every library setting for the transaction in progress, in one round trip.

    Settings not given are cleared, so nothing from an earlier call in the same transaction
    lingers. Takes the keyword arguments of `session_values`. Raises `UsageError` on an
    autocommit connection outside a transaction, where transaction-local values would vanish at
    once.
    """
    if conn.autocommit and conn.info.transaction_status == pq.TransactionStatus.IDLE:
        raise UsageError(
            "pgshift.session.set_session needs a transaction: use"
            " `with pgshift.session.transaction(conn, ...)` or `with conn.transaction()`"
        )
    params: list[str] = []
    for name, value in session_values(**values).items():
        params += [name, value]
    conn.execute(_SET_ALL, params)


@contextmanager
def transaction(conn: psycopg.Connection[Any], **values: Any) -> Iterator[psycopg.Transaction]:
    """Open a transaction (a savepoint inside one already open) with the settings applied.

    The values last until the outermost transaction ends: leaving a nested block does not
    restore the previous ones.
    """
    with conn.transaction() as tx:
        set_session(conn, **values)
        yield tx
