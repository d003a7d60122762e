"""Connecting to PostgreSQL: DSN handling and redaction, sessions, the advisory lock."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import conninfo

from .errors import ConnectionFailedError, LockedError, PgshiftError

# One lock for every pgshift process writing to a database: "pgshift" as a bigint.
ADVISORY_LOCK_KEY = 0x7067736869667400

# The password runs to the last `@` of the URL: libpq accepts `?`, `#` and `/` in it.
_URL_PASSWORD = re.compile(r"(://[^:/?#@\s]*:)(\S*)(@)")
# key=value form: `password` starts the text or follows white space (in a URL query it follows
# `?` or `&` and is handled by _QUERY_PASSWORD).
_KV_PASSWORD = re.compile(r"((?:^|(?<=\s))password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#\s]*)", re.IGNORECASE)


def redact_dsn(text: str) -> str:
    """Replace every password in `text` (URL userinfo, `password=` pairs) with `***`.

    Works on whole DSNs and on messages that embed them.

    >>> redact_dsn("postgres://app:s3cret@db/x")
    'postgres://app:***@db/x'
    """
    text = _URL_PASSWORD.sub(r"\1***\3", text)
    text = _QUERY_PASSWORD.sub(r"\1***", text)
    return _KV_PASSWORD.sub(r"\1***", text)


def dsn_params(dsn: str) -> dict[str, str]:
    """The connection parameters of a libpq URL or key=value string."""
    return {k: str(v) for k, v in conninfo.conninfo_to_dict(dsn).items() if v is not None}


def database_name(dsn: str) -> str:
    """The database a DSN names (falling back to libpq's defaults: PGDATABASE, then the user)."""
    import os

    params = dsn_params(dsn)
    return (
        params.get("dbname")
        or os.environ.get("PGDATABASE")
        or params.get("user")
        or os.environ.get("PGUSER")
        or _os_user()
    )


def _os_user() -> str:
    import getpass

    return getpass.getuser()


def with_database(dsn: str, dbname: str) -> str:
    """The same connection parameters pointed at another database (a URL stays a URL)."""
    from urllib.parse import quote, urlsplit, urlunsplit

    if dsn.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(dsn)
        query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("dbname="))
        return urlunsplit(parts._replace(path="/" + quote(dbname, safe=""), query=query))
    params: dict[str, Any] = dict(conninfo.conninfo_to_dict(dsn))
    params["dbname"] = dbname
    return conninfo.make_conninfo(**params)


def connect(
    dsn: str, *, settings: Mapping[str, str] | None = None, autocommit: bool = True
) -> psycopg.Connection[Any]:
    """Open a connection, apply `settings` (pg_settings) and fail with a redacted message."""
    try:
        conn = psycopg.connect(dsn, autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        detail = redact_dsn(str(exc).strip())
        raise ConnectionFailedError(
            f"could not connect to {redact_dsn(describe_dsn(dsn))}: {detail}"
        ) from None
    except psycopg.Error:
        # libpq's parse error quotes the bad part, which may be the password: not repeated.
        raise ConnectionFailedError(
            "the connection string is malformed (check its %-encoding and quoting); "
            "no server was contacted"
        ) from None
    if settings:
        calls = ", ".join("set_config(%s, %s, false)" for _ in settings)
        args: list[str] = []
        for key, value in settings.items():
            args += [key, str(value)]
        conn.execute(f"select {calls}", args)  # noqa: S608 - placeholders only
        if not autocommit:
            conn.commit()
    return conn


def describe_dsn(dsn: str) -> str:
    """A short human label for a DSN: `user@host:port/dbname`, never the password."""
    try:
        p = dsn_params(dsn)
    except psycopg.ProgrammingError:
        return "<invalid connection string>"
    user = f"{p['user']}@" if "user" in p else ""
    return f"{user}{_server(p, unnamed='')}/{p.get('dbname', '')}"


def describe_server(dsn: str) -> str:
    """Where a database lives: `host:port`, or `socket DIR:port` (never the user, the database
    or the password)."""
    try:
        return _server(dsn_params(dsn), unnamed="the default host")
    except psycopg.ProgrammingError:
        return "<invalid connection string>"


def _server(params: Mapping[str, str], *, unnamed: str) -> str:
    host = params.get("host") or unnamed
    host = f"socket {host}" if host.startswith("/") else host
    return host + (f":{params['port']}" if "port" in params else "")


@contextmanager
def advisory_lock(conn: psycopg.Connection[Any], *, wait_seconds: float = 0) -> Iterator[None]:
    """Hold pgshift's session advisory lock for the block.

    With `wait_seconds == 0` a held lock fails at once; otherwise retry until the deadline.
    """
    deadline = time.monotonic() + wait_seconds
    while True:
        row = conn.execute("select pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY]).fetchone()
        if row and row[0]:
            break
        if time.monotonic() >= deadline:
            hint = "" if wait_seconds else " (use --wait-lock SECONDS to wait for it)"
            raise LockedError(
                f"another pgshift process is migrating this database ({database_label(conn)}){hint}"
            )
        time.sleep(0.05)
    left_open = False
    try:
        yield
        left_open = conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
    finally:
        if not conn.closed:
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.rollback()
            conn.execute("select pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
    if left_open:
        # Rolling back work that was reported done would be silent data loss.
        raise PgshiftError(
            "the work under pgshift's lock left a transaction open (a BEGIN without COMMIT in "
            "a --! no-transaction file?); it was rolled back"
        )


def database_label(conn: psycopg.Connection[Any]) -> str:
    return conn.info.dbname


def server_version_num(conn: psycopg.Connection[Any]) -> int:
    return int(conn.info.server_version)
