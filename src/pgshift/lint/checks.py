"""The static half of the linter: one check per rule over a migration's parse trees (pure).

Each check says what a statement would do to an existing table, as far as the text tells, and
what a measurement must show for the finding to stand (`Confirm`): a lock on an existing
relation, a scan of it, or a rewrite. judging.py weighs that against what the shadow database
measured. Objects created earlier in the same migration are nobody else's yet: statements on
them are not findings. ALTER TABLE's subcommands are checked in altering.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pglast.enums import ObjectType

from .altering import alter_table
from .candidates import (
    Candidate,
    Confirm,
    Context,
    Name,
    candidate,
    needs_no_transaction,
    relation_name,
    shown,
)
from .model import LOCK_MODES
from .statements import Statement


def check_statements(statements: list[Statement], *, no_transaction: bool) -> list[Candidate]:
    """Every candidate finding of a migration's statements, in order."""
    context = Context(no_transaction)
    found: list[Candidate] = []
    for statement in statements:
        check = _CHECKS.get(statement.kind)
        if check is not None:
            found += check(statement, context)
        _remember(statement, context)
    return found


# --- CREATE / DROP / REINDEX INDEX ------------------------------------------------------------


def _create_index(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    table = relation_name(node.relation)
    if node.concurrent:
        return needs_no_transaction(statement, context, "CREATE INDEX CONCURRENTLY")
    if context.is_new(table):
        return []
    return [
        candidate(
            statement,
            "create-index",
            f"CREATE INDEX on {shown(table)} without CONCURRENTLY: its SHARE lock blocks every "
            "INSERT, UPDATE and DELETE on the table until the index is built",
            table,
            Confirm.EXISTING,
        )
    ]


def _reindex(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    if _has_option(node.params, "concurrently"):
        return needs_no_transaction(statement, context, "REINDEX CONCURRENTLY")
    target = relation_name(node.relation) if node.relation is not None else None
    if target is not None and context.is_new(target):
        return []
    what = shown(target) if target else (node.name or "the database")
    return [
        candidate(
            statement,
            "reindex",
            f"REINDEX of {what} without CONCURRENTLY: writes to the table are blocked, and "
            "every query that would use a rebuilt index waits for it (ACCESS EXCLUSIVE on the "
            "index)",
            target,
            Confirm.EXISTING if target else Confirm.NOTHING,
        )
    ]


# --- DROP, RENAME -----------------------------------------------------------------------------

_TABLE_LIKE = {
    ObjectType.OBJECT_TABLE: "table",
    ObjectType.OBJECT_VIEW: "view",
    ObjectType.OBJECT_MATVIEW: "materialized view",
    ObjectType.OBJECT_FOREIGN_TABLE: "foreign table",
}


def _drop(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    kind = _TABLE_LIKE.get(node.removeType)
    if kind is None and node.removeType != ObjectType.OBJECT_INDEX:
        return []  # functions, types...: their objects are not plain names
    names = [_object_name(o) for o in node.objects or ()]
    if node.removeType == ObjectType.OBJECT_INDEX:
        if node.concurrent:
            return needs_no_transaction(statement, context, "DROP INDEX CONCURRENTLY")
        return [
            candidate(
                statement,
                "drop-index",
                f"DROP INDEX {shown(name)} without CONCURRENTLY: it waits for, and then blocks, "
                "every query on the index's table (ACCESS EXCLUSIVE on the table)",
                name,
                Confirm.EXISTING,
            )
            for name in names
            if not context.is_new(name)
        ]
    assert kind is not None
    return [
        candidate(
            statement,
            "drop-table",
            f"DROP {kind.upper()} {shown(name)}: the running application fails on every query "
            f"that still uses the {kind}",
            name,
            Confirm.EXISTING,
        )
        for name in names
        if not context.is_new(name)
    ]


def _object_name(node: Any) -> Name:
    parts = [p.sval for p in node]
    return (parts[-2] if len(parts) > 1 else None, parts[-1])


def _rename(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    if node.relation is None:
        return []
    table = relation_name(node.relation)
    if context.is_new(table):
        return []
    if node.renameType == ObjectType.OBJECT_COLUMN:
        if context.is_new_column(table, node.subname):
            return []
        return [
            candidate(
                statement,
                "rename-column",
                f"RENAME COLUMN {node.subname} of {shown(table)} to {node.newname}: the running "
                f"application still reads and writes {node.subname}, and fails",
                table,
                Confirm.EXISTING,
            )
        ]
    kind = _TABLE_LIKE.get(node.renameType)
    if kind is None:
        return []
    return [
        candidate(
            statement,
            "rename-table",
            f"RENAME of the {kind} {shown(table)} to {node.newname}: the running application "
            "still uses the old name, and fails",
            table,
            Confirm.EXISTING,
        )
    ]


# --- CLUSTER, VACUUM FULL, LOCK, REFRESH ------------------------------------------------------


def _cluster(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    target = relation_name(node.relation) if node.relation is not None else None
    if target is not None and context.is_new(target):
        return []
    what = shown(target) if target else "every clustered table"
    return [
        candidate(
            statement,
            "cluster",
            f"CLUSTER {what}: the table and its indexes are rewritten while an ACCESS "
            "EXCLUSIVE lock blocks all reads and writes",
            target,
            Confirm.REWRITE if target else Confirm.NOTHING,
        )
    ]


def _vacuum(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    word = "VACUUM" if node.is_vacuumcmd else "ANALYZE"
    found = needs_no_transaction(statement, context, word) if node.is_vacuumcmd else []
    if not (node.is_vacuumcmd and _has_option(node.options, "full")):
        return found
    tables = [relation_name(r.relation) for r in node.rels or () if r.relation is not None]
    what = ", ".join(shown(t) for t in tables) or "every table"
    if tables and all(context.is_new(t) for t in tables):
        return found
    return [
        *found,
        candidate(
            statement,
            "vacuum-full",
            f"VACUUM FULL {what}: each table is rewritten while an ACCESS EXCLUSIVE lock "
            "blocks all reads and writes",
            tables[0] if len(tables) == 1 else None,
            Confirm.NOTHING,
        ),
    ]


def _has_option(options: Any, name: str) -> bool:
    """A `(NAME [true])` option of VACUUM, REINDEX, ... (`(full false)` is not set)."""
    for option in options or ():
        if option.defname == name:
            value = getattr(option.arg, "sval", None) if option.arg is not None else None
            return value is None or value.lower() not in ("false", "off", "0")
    return False


def _lock(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    mode = LOCK_MODES[node.mode - 1]  # LockStmt.mode: 1 AccessShareLock .. 8 AccessExclusiveLock
    if LOCK_MODES.index(mode) < LOCK_MODES.index("ShareLock"):
        return []
    names = [relation_name(r) for r in node.relations or ()]
    return [
        candidate(
            statement,
            "lock-table",
            f"LOCK TABLE {shown(name)} takes {mode}: "
            + (
                "reads and writes wait until the migration commits"
                if mode == "AccessExclusiveLock"
                else "writes wait until the migration commits"
            ),
            name,
            Confirm.EXISTING,
        )
        for name in names
        if not context.is_new(name)
    ]


def _refresh(statement: Statement, context: Context) -> list[Candidate]:
    node = statement.node
    view = relation_name(node.relation)
    if node.concurrent or context.is_new(view):
        return []
    return [
        candidate(
            statement,
            "refresh-materialized-view",
            f"REFRESH MATERIALIZED VIEW {shown(view)} without CONCURRENTLY: reads of the view "
            "wait until the refresh is done (ACCESS EXCLUSIVE)",
            view,
            Confirm.EXISTING,
        )
    ]


def _cannot_run_in_transaction(what: str) -> Callable[[Statement, Context], list[Candidate]]:
    def check(statement: Statement, context: Context) -> list[Candidate]:
        return needs_no_transaction(statement, context, what)

    return check


_CHECKS: dict[str, Callable[[Statement, Context], list[Candidate]]] = {
    "IndexStmt": _create_index,
    "ReindexStmt": _reindex,
    "DropStmt": _drop,
    "RenameStmt": _rename,
    "AlterTableStmt": alter_table,
    "ClusterStmt": _cluster,
    "VacuumStmt": _vacuum,
    "LockStmt": _lock,
    "RefreshMatViewStmt": _refresh,
    "CreatedbStmt": _cannot_run_in_transaction("CREATE DATABASE"),
    "DropdbStmt": _cannot_run_in_transaction("DROP DATABASE"),
    "AlterSystemStmt": _cannot_run_in_transaction("ALTER SYSTEM"),
    "CreateTableSpaceStmt": _cannot_run_in_transaction("CREATE TABLESPACE"),
    "DropTableSpaceStmt": _cannot_run_in_transaction("DROP TABLESPACE"),
}


def cannot_run_in_transaction(statement: Statement) -> bool:
    """Whether PostgreSQL refuses the statement inside a transaction block (it is then not
    measured: the measurement runs in one)."""
    node = statement.node
    kind = statement.kind
    if kind in ("IndexStmt", "DropStmt"):
        return bool(node.concurrent)
    if kind == "ReindexStmt":
        return _has_option(node.params, "concurrently") or node.relation is None
    if kind == "VacuumStmt":
        return bool(node.is_vacuumcmd)
    return kind in (
        "CreatedbStmt",
        "DropdbStmt",
        "AlterSystemStmt",
        "CreateTableSpaceStmt",
        "DropTableSpaceStmt",
        "CreateSubscriptionStmt",
        "DropSubscriptionStmt",
    )


def _remember(statement: Statement, context: Context) -> None:
    """Note what the statement creates (or renames something new to)."""
    node, kind = statement.node, statement.kind
    if kind == "CreateStmt":
        context.created.add(relation_name(node.relation))
    elif kind == "CreateTableAsStmt":
        context.created.add(relation_name(node.into.rel))
    elif kind == "ViewStmt":
        context.created.add(relation_name(node.view))
    elif kind == "CreateSeqStmt":
        context.created.add(relation_name(node.sequence))
    elif kind == "IndexStmt" and node.idxname:
        context.created.add((node.relation.schemaname or None, node.idxname))
    elif kind == "RenameStmt" and node.relation is not None:
        old = relation_name(node.relation)
        if node.renameType in _TABLE_LIKE and context.is_new(old):
            context.created.add((old[0], node.newname))
