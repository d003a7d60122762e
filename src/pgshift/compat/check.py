"""Check that NEW can be deployed over databases running OLD (see docs/authoring.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import CompatibilityError
from .compare import compare, ordered
from .model import CompatResult, Finding, PgError, Routine
from .sqlfiles import DropTarget, Statement, read_folder
from .static import matches, static_dropped, static_routines


def check_compat(
    old: Path,
    new: Path,
    *,
    admin_dsn: str | None = None,
    today: dt.date | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
) -> CompatResult:
    """Compare two folders of SQL. With `admin_dsn` (a connection that may create databases)
    each version is loaded into a scratch database and the catalog decides; without it the
    check is static (pglast only). Raises `CompatibilityError` when OLD itself does not load.
    """
    old_label = old_label if old_label is not None else str(old)
    new_label = new_label if new_label is not None else str(new)
    old_statements = read_folder(old, label=old_label)
    new_statements = read_folder(new, label=new_label)
    today = today or dt.date.today()
    carried = {t.text for s in old_statements if s.drop for t in s.drop.targets}
    new_drops = [
        (s, t) for s in new_statements if s.drop for t in s.drop.targets if t.text not in carried
    ]
    if admin_dsn is None:
        versions = _static_versions(old_statements, new_statements, new_drops)
    else:
        versions = _load_versions(admin_dsn, old_statements, new_statements, new_drops, old_label)
    findings = compare(
        versions.old,
        versions.new,
        statements=new_statements,
        dropped=versions.dropped,
        unmatched_drops=versions.unmatched,
        today=today,
        deploy_errors=versions.deploy_errors,
        fresh_errors=versions.fresh_errors,
    )
    findings = ordered(findings + _truncation_findings(versions.fresh_notices))
    located = [
        replace(
            f,
            path=_join(old_label if f.side == "old" else new_label, f.path),
            observed=f.observed or _skipping_notice(f, versions.deploy_notices),
        )
        for f in findings
    ]
    mode = "static" if admin_dsn is None else "server"
    return CompatResult(old_label, new_label, mode, tuple(located))


def _truncation_findings(notices: dict[tuple[str, int], list[PgError]]) -> list[Finding]:
    """PostgreSQL cuts identifiers at 63 bytes with only a notice (42622): names can collide."""
    return [
        Finding(
            "identifier-truncated",
            "",
            path,
            line,
            f"{notice.message}: shorten the name to 63 bytes",
            "deploying succeeds with a shorter name than written; two long names can collide",
            notice,
            observed=notice,
        )
        for (path, line), said in notices.items()
        for notice in said
        if notice.sqlstate == "42622"
    ]


def _skipping_notice(
    finding: Finding, notices: dict[tuple[str, int], list[PgError]]
) -> PgError | None:
    """For a DROP that matches nothing: the server's "does not exist, skipping" notice."""
    if finding.rule != "drop-matches-nothing":
        return None
    said = notices.get((finding.path, finding.line), [])
    return next((n for n in said if n.message.endswith("does not exist, skipping")), None)


def _join(label: str, path: str) -> str:
    return f"{label.rstrip('/')}/{path}" if label and path else path


@dataclass(frozen=True)
class _Versions:
    """What the server said: each version's routines, and what deploying NEW did."""

    old: list[Routine]
    new: list[Routine]
    dropped: set[tuple[str, str, tuple[str, ...]]]
    unmatched: list[tuple[Statement, DropTarget]]
    deploy_errors: dict[tuple[str, int], PgError]
    fresh_errors: dict[tuple[str, int], PgError]
    deploy_notices: dict[tuple[str, int], list[PgError]]
    fresh_notices: dict[tuple[str, int], list[PgError]]


def _static_versions(
    old_statements: Sequence[Statement],
    new_statements: Sequence[Statement],
    new_drops: Sequence[tuple[Statement, DropTarget]],
) -> _Versions:
    old = static_routines(old_statements)
    unmatched = [(s, t) for s, t in new_drops if not any(matches(t, r) for r in old)]
    dropped = static_dropped(new_statements, old)
    return _Versions(old, static_routines(new_statements), dropped, unmatched, {}, {}, {}, {})


def _load_versions(
    admin_dsn: str,
    old_statements: Sequence[Statement],
    new_statements: Sequence[Statement],
    new_drops: Sequence[tuple[Statement, DropTarget]],
    old_label: str,
) -> _Versions:
    from ..db import connect
    from .catalog import drop_target_exists, load, read_routines, scratch_database

    with scratch_database(admin_dsn) as dsn, connect(dsn, autocommit=False) as conn:
        # Bodies are not checked: a body may call a function that a later file defines.
        conn.execute("set check_function_bodies = off")
        conn.commit()
        loaded = load(conn, old_statements, track=True)
        if loaded.errors:
            (path, line), error = next(iter(loaded.errors.items()))
            raise CompatibilityError(
                f"the old version does not load: {_join(old_label, path)}:{line}: {error}"
            )
        old_routines = read_routines(conn, loaded.created)
        unmatched = [(s, t) for s, t in new_drops if not drop_target_exists(conn, t)]
        deployed = load(conn, new_statements, track=False)
        remaining = {r.oid for r in read_routines(conn, {})}
        conn.rollback()

        fresh = load(conn, new_statements, track=True)
        new_routines = read_routines(conn, fresh.created)
        conn.rollback()
    dropped = {r.signature for r in old_routines if r.oid not in remaining}
    return _Versions(
        old_routines,
        new_routines,
        dropped,
        unmatched,
        deployed.errors,
        fresh.errors,
        deployed.notices,
        fresh.notices,
    )
