"""Installing the SQL helper library.

The runtime schema `pgshift_utils` is installed by `install_runtime`, which `migrate` and `watch`
call before running migrations. It is idempotent and costs one query when nothing changed: the
schema's COMMENT records a fingerprint (SHA-256) of the SQL that was installed, and the SQL runs
again only when the fingerprint differs.

The migration-time schema `pgshift_define` is not installed here: `define_migration_sql` returns
the text that `pgshift library define-migration` writes into `current.sql`, so that replaying
the history on a fresh database always builds tables with the same helper versions.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg import pq, sql

from ..errors import SetupError

RUNTIME_SCHEMA = "pgshift_utils"
DEFINE_SCHEMA = "pgshift_define"
_STAMP_PREFIX = "pgshift helper library (runtime), managed by pgshift; fingerprint "
# Serialises concurrent installs (two `migrate`s starting at once); distinct from db.py's key.
_INSTALL_LOCK_KEY = 0x70677368696C6962  # "pgshilib"
_SNIPPET_OPEN = "/*-snippet"
_SNIPPET_CLOSE = "snippet-*/"


@cache
def library_files(area: str, *, multitenancy: bool) -> tuple[tuple[str, str], ...]:
    """The `(relative path, text)` of each SQL file of `area` ("utils" or "define"), in run order.

    Files run in name order; the files under `multitenancy/` come last and only when asked for.
    """
    root = resources.files("pgshift.library").joinpath("sql", area)
    files = [(f"sql/{area}/{f.name}", f.read_text("utf-8-sig")) for f in _sql_files(root)]
    if multitenancy:
        sub = root.joinpath("multitenancy")
        files += [
            (f"sql/{area}/multitenancy/{f.name}", f.read_text("utf-8-sig")) for f in _sql_files(sub)
        ]
    return tuple(files)


def _sql_files(folder: Any) -> list[Any]:
    return sorted(
        (f for f in folder.iterdir() if f.is_file() and f.name.endswith(".sql")),
        key=lambda f: f.name,
    )


@cache
def runtime_sql(*, multitenancy: bool = False) -> str:
    """The SQL that creates or upgrades `pgshift_utils` (every runtime file, joined)."""
    return "\n".join(text for _, text in library_files("utils", multitenancy=multitenancy))


@cache
def runtime_fingerprint(*, multitenancy: bool = False) -> str:
    """`sha256:<hex>` of the runtime SQL: what the schema comment records once installed."""
    digest = hashlib.sha256(runtime_sql(multitenancy=multitenancy).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def installed_fingerprint(conn: psycopg.Connection[Any]) -> str | None:
    """The fingerprint recorded in the database, None when `pgshift_utils` was never installed."""
    row = conn.execute(_STAMP_QUERY, [RUNTIME_SCHEMA]).fetchone()
    return _fingerprint_in(row[0] if row else None)


def _fingerprint_in(comment: str | None) -> str | None:
    if comment is None or not comment.startswith(_STAMP_PREFIX):
        return None
    return comment[len(_STAMP_PREFIX) :]


_STAMP_QUERY = (
    "select pg_catalog.obj_description(n.oid, 'pg_namespace')"
    " from pg_catalog.pg_namespace n where n.nspname = %s"
)


@cache
def _check_query() -> sql.Composed:
    """`untrusted_query` and the schema comment in one query: (problem or null, comment or null)."""
    stamp = sql.SQL(
        "select pg_catalog.obj_description(n.oid, 'pg_namespace')"
        " from pg_catalog.pg_namespace n where n.nspname = {}"
    ).format(sql.Literal(RUNTIME_SCHEMA))
    return sql.SQL("select (\n{}\n), ({})").format(sql.SQL(untrusted_query()), stamp)


def _checked_fingerprint(conn: psycopg.Connection[Any]) -> str | None:
    """The installed fingerprint, after checking who owns the library's schemas and functions.

    The fingerprint is a comment anyone owning the schema can write: who owns what is checked
    first, every time.
    """
    row = conn.execute(_check_query()).fetchone()
    problem, comment = row if row else (None, None)
    if problem is not None:
        raise SetupError(
            f"refusing the pgshift helper library: {problem}; drop that schema, or"
            " install the library as its owner",
            sqlstate="PS006",
        )
    return _fingerprint_in(comment)


def install_runtime(conn: psycopg.Connection[Any], *, multitenancy: bool = False) -> bool:
    """Install or upgrade `pgshift_utils` on `conn`; return True when anything changed.

    Runs in a transaction of its own when `conn` is idle (autocommit or not: it is committed
    before returning), or in a savepoint of the caller's transaction when one is open (then the
    caller's commit makes it permanent). When the recorded fingerprint already matches, this is
    one query and nothing is written (on an idle autocommit connection, as `migrate` uses, not
    even a transaction: one round trip). Concurrent installs wait for each other on an advisory
    transaction lock, and the second one finds the work done.

    Raises `SetupError` when the server refuses (for example: no CREATE privilege on the
    database); the psycopg error is kept as `__cause__`.
    """
    wanted = runtime_fingerprint(multitenancy=multitenancy)
    try:
        # Up to date is what every `migrate` finds: on an idle autocommit connection that is
        # answered without BEGIN and COMMIT.
        idle = conn.autocommit and conn.info.transaction_status == pq.TransactionStatus.IDLE
        if idle and _checked_fingerprint(conn) == wanted:
            return False
        with conn.transaction():
            if _checked_fingerprint(conn) == wanted:
                return False
            conn.execute("select pg_catalog.pg_advisory_xact_lock(%s)", [_INSTALL_LOCK_KEY])
            if installed_fingerprint(conn) == wanted:
                return False
            conn.execute(runtime_sql(multitenancy=multitenancy).encode("utf-8"))
            conn.execute(
                sql.SQL("comment on schema {} is {}").format(
                    sql.Identifier(RUNTIME_SCHEMA), sql.Literal(_STAMP_PREFIX + wanted)
                )
            )
    except psycopg.Error as exc:
        raise SetupError(
            f"installing the pgshift_utils helper library failed: {exc.diag.message_primary or exc}"
            " (set [library] install = false to manage it yourself)",
            sqlstate=exc.sqlstate,
        ) from exc
    return True


def strip_snippet_blocks(text: str) -> str:
    """`text` without its `/*-snippet ... snippet-*/` annotation blocks (line-based, as defined
    in DESIGN.md "Snippets")."""
    kept: list[str] = []
    inside = False
    for line in text.splitlines(keepends=True):
        if not inside and line.startswith(_SNIPPET_OPEN):
            inside = True
        elif inside and line.startswith(_SNIPPET_CLOSE):
            inside = False
        elif not inside:
            kept.append(line)
    return "".join(kept)


def define_migration_sql(*, multitenancy: bool) -> str:
    """The migration that creates or upgrades `pgshift_define` (and, with `multitenancy`, its
    multitenancy helpers), as `pgshift library define-migration` writes it.

    Snippet blocks are left out: the library's own files already provide those snippets, and a
    second copy in `migrations/` would be a duplicate key for `pgshift snippets`.
    """
    header = (
        "-- pgshift_define: migration-time helpers of the pgshift SQL library"
        + (" (with multitenancy)" if multitenancy else "")
        + ".\n-- Written by `pgshift library define-migration`; catalogue in pgshift's"
        " docs/library.md.\n-- The functions call pgshift_utils, which `pgshift migrate`"
        " installs before migrations run.\n-- Safe to run again: every statement is"
        " CREATE ... IF NOT EXISTS or CREATE OR REPLACE.\n\n"
    )
    parts = [
        f"-- from {path}\n{strip_snippet_blocks(text).strip()}\n"
        for path, text in (
            ("sql/untrusted.sql", trust_sql()),
            *library_files("define", multitenancy=multitenancy),
        )
    ]
    return header + "\n".join(parts)


@cache
def untrusted_query() -> str:
    """The first library schema or function owned by a role the current role does not trust,
    as a message (no row when all is well); see sql/untrusted.sql."""
    return resources.files("pgshift.library").joinpath("sql", "untrusted.sql").read_text("utf-8")


def trust_sql() -> str:
    """A DO block that raises PS006 with `untrusted_query`'s message: the define migration's
    first statement."""
    query = "\n".join(line for line in untrusted_query().splitlines() if not line.startswith("--"))
    return (
        "-- Stop if a library schema or function belongs to a role this one does not trust.\n"
        "DO $pgshift_trust$\nDECLARE\n    problem text := (\n"
        + query
        + "\n    );\nBEGIN\n    IF problem IS NOT NULL THEN\n"
        "        RAISE EXCEPTION USING ERRCODE = 'PS006', MESSAGE = problem,\n"
        "            HINT = 'Drop that schema, or install the library as its owner.';\n"
        "    END IF;\nEND\n$pgshift_trust$;\n"
    )
