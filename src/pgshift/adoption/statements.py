"""Statements PostgreSQL refuses inside a transaction block, found with its own parser (pglast).

golang-migrate sends a one-statement file on its own (no transaction) and Flyway runs such
statements outside one by itself; pgshift needs `--! no-transaction` for them. The list follows
PostgreSQL's "cannot run inside a transaction block" errors (PreventInTransactionBlock).
"""

from __future__ import annotations

from typing import Any


def _needs_no_transaction(stmt: Any) -> str | None:
    """What `stmt` is when PostgreSQL refuses it in a transaction block, else None."""
    from pglast import ast, enums

    simple = {
        ast.CreatedbStmt: "CREATE DATABASE",
        ast.DropdbStmt: "DROP DATABASE",
        ast.CreateTableSpaceStmt: "CREATE TABLESPACE",
        ast.DropTableSpaceStmt: "DROP TABLESPACE",
        ast.AlterSystemStmt: "ALTER SYSTEM",
        ast.CreateSubscriptionStmt: "CREATE SUBSCRIPTION",
    }
    for kind, label in simple.items():
        if isinstance(stmt, kind):
            return label
    if isinstance(stmt, ast.IndexStmt) and stmt.concurrent:
        return "CREATE INDEX CONCURRENTLY"
    if isinstance(stmt, ast.DropStmt) and stmt.concurrent:
        return "DROP INDEX CONCURRENTLY"
    if isinstance(stmt, ast.ReindexStmt):
        options = {p.defname for p in stmt.params or ()}
        whole = stmt.kind in (
            enums.ReindexObjectType.REINDEX_OBJECT_SCHEMA,
            enums.ReindexObjectType.REINDEX_OBJECT_SYSTEM,
            enums.ReindexObjectType.REINDEX_OBJECT_DATABASE,
        )
        if "concurrently" in options:
            return "REINDEX CONCURRENTLY"
        if whole:
            return "REINDEX SCHEMA/SYSTEM/DATABASE"
    if isinstance(stmt, ast.VacuumStmt) and stmt.is_vacuumcmd:
        return "VACUUM"
    if isinstance(stmt, ast.DiscardStmt) and stmt.target == enums.DiscardMode.DISCARD_ALL:
        return "DISCARD ALL"
    return None


def find_non_transactional(sql: str) -> list[tuple[int, str]]:
    """(line, what) of each statement in `sql` that cannot run inside a transaction block.

    Lines count from 1 within `sql`. SQL that does not parse yields nothing: the server will
    say what is wrong with it when the migration runs.
    """
    from pglast import parse_sql
    from pglast.parser import ParseError

    try:
        statements = parse_sql(sql)
    except ParseError:
        return []
    found: list[tuple[int, str]] = []
    for raw in statements:
        what = _needs_no_transaction(raw.stmt)
        if what is not None:
            start = raw.stmt_location or 0
            found.append((sql.count("\n", 0, start) + 1, what))
    return found
