"""Candidates (what the text suggests) x measurements (what the shadow database showed) x ignore
comments -> findings (pure).

Where a statement ran, the measurement decides: a candidate stands only when its target is an
existing relation that the statement locked, scanned or rewrote as the rule says; a rewrite or
a scan under a lock that blocks writes that no rule explained is a finding of its own. Where
nothing ran (`--static`, no shadow database, a `--! no-transaction` migration), the text alone
decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from .candidates import Candidate, Confirm, Name
from .model import RULES, Finding, Lock, Severity
from .statements import Ignore, Split, Statement

# Findings about a whole table whose severity a measured ACCESS EXCLUSIVE lock raises: the work
# they describe then blocks reads as well as writes.
_WRITE_BLOCKING_RULES = ("create-index", "add-foreign-key", "reindex", "blocking-scan")
_TABLE_KINDS = ("r", "p", "m")


def judge(
    split: Split,
    candidates: Sequence[Candidate],
    measured: Mapping[int, tuple[Lock, ...]] | None,
) -> list[Finding]:
    """The findings of one migration, in statement order, ignore comments applied.

    `measured[i]`: the locks statement `i` was measured to take (absent: it did not run);
    `measured` None: nothing ran.
    """
    by_statement: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        by_statement.setdefault(candidate.statement, []).append(candidate)
    findings: list[Finding] = []
    for statement in split.statements:
        locks = measured.get(statement.index) if measured is not None else None
        raw = _statement_findings(statement, by_statement.get(statement.index, []), locks)
        findings += _apply_ignores(statement, raw)
    findings += [_unused(ignore, attached=False) for ignore in split.stray_ignores]
    return findings


def _statement_findings(
    statement: Statement, candidates: Sequence[Candidate], locks: tuple[Lock, ...] | None
) -> list[Finding]:
    findings = []
    explained: set[str] = set()  # relations a finding already speaks of
    for candidate in candidates:
        finding = _judged(statement, candidate, locks)
        if finding is not None:
            findings.append(finding)
            explained |= {lock.relation for lock in _on_target(locks or (), candidate.target)}
    for lock in locks or ():
        if lock.relation in explained or lock.kind not in _TABLE_KINDS or not lock.touched:
            continue
        surprise = _measured_only(statement, lock, _shown(locks or (), lock))
        if surprise is not None:
            findings.append(surprise)
    return findings


def _judged(
    statement: Statement, candidate: Candidate, locks: tuple[Lock, ...] | None
) -> Finding | None:
    rule = RULES[candidate.rule]
    if locks is None:  # nothing ran: the text decides
        severity = candidate.unmeasured_severity or rule.severity
        return _finding(statement, candidate.rule, severity, candidate.message, ())
    on_target = _on_target(locks, candidate.target)
    if not _confirmed(candidate.confirm, on_target):
        return None
    severity = rule.severity
    message = candidate.message
    held = next((lock for lock in on_target if lock.mode == _AEL), None)
    if candidate.rule in _WRITE_BLOCKING_RULES and held is not None and severity != "error":
        severity = "error"
        message += (
            f"; and the migration already holds an ACCESS EXCLUSIVE lock on {held.relation}, "
            "so reads wait too"
        )
    return _finding(statement, candidate.rule, severity, message, _shown(locks, *on_target))


_AEL = "AccessExclusiveLock"


def _shown(locks: Sequence[Lock], *targets: Lock) -> list[Lock]:
    """The locks a finding lists: those the statement took, and those on its target that an
    earlier statement took (the statement works under them)."""
    return [lock for lock in locks if lock.touched or lock in targets]


def _confirmed(confirm: Confirm, on_target: Sequence[Lock]) -> bool:
    if confirm is Confirm.NOTHING:
        return True
    if confirm is Confirm.EXISTING:
        return bool(on_target)
    if confirm is Confirm.SCAN:
        return any(lock.scanned for lock in on_target)
    if confirm is Confirm.REWRITE:
        return any(lock.rewrite for lock in on_target)
    return any(lock.rewrite or lock.scanned for lock in on_target)


def _on_target(locks: Sequence[Lock], target: Name | None) -> list[Lock]:
    """The measured locks on the relation a candidate names (all of them for no target)."""
    if target is None:
        return list(locks)
    schema, name = target
    return [
        lock for lock in locks if lock.name == name and (schema is None or lock.schema == schema)
    ]


def _measured_only(statement: Statement, lock: Lock, locks: Sequence[Lock]) -> Finding | None:
    """A rewrite, or a scan under a lock that blocks writes, that no rule of the text named."""
    if lock.rewrite:
        message = (
            f"the statement rewrote {lock.relation} (measured: it got a new file) while holding "
            f"{lock.mode}"
        )
        return _finding(statement, "table-rewrite", RULES["table-rewrite"].severity, message, locks)
    # Nobody writes to a materialized view: only a lock that blocks reads blocks anyone.
    blocks = lock.mode == _AEL if lock.kind == "m" else lock_blocks_writes(lock.mode)
    if lock.scanned and blocks:
        severity: Severity = "error" if lock.mode == _AEL else "warning"
        message = f"the statement read all of {lock.relation} while holding {lock.mode}"
        return _finding(statement, "blocking-scan", severity, message, locks)
    return None


def lock_blocks_writes(mode: str) -> bool:
    return mode in ("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", _AEL)


def _finding(
    statement: Statement, rule: str, severity: Severity, message: str, locks: Sequence[Lock]
) -> Finding:
    return Finding(
        path=statement.path,
        line=statement.line,
        column=statement.column,
        rule=rule,
        severity=severity,
        message=f"{message}. Instead: {RULES[rule].recipe}",
        locks=tuple(locks),
    )


# --- ignore comments ---------------------------------------------------------------------------


def _apply_ignores(statement: Statement, findings: list[Finding]) -> list[Finding]:
    kept = list(findings)
    notes: list[Finding] = []
    for ignore in statement.ignores:
        unknown = [r for r in ignore.rules if r not in RULES]
        if unknown or not ignore.rules:
            notes.append(_about(ignore, "ignore-unknown-rule", _unknown_message(ignore, unknown)))
        if not ignore.reason:
            names = ", ".join(ignore.rules) or "RULE"
            notes.append(
                _about(
                    ignore,
                    "ignore-without-reason",
                    f"this ignore gives no reason, so it silences nothing: write "
                    f"'-- pgshift-lint: ignore {names} -- why it is safe here'",
                )
            )
            continue
        silenced = [f for f in kept if f.rule in ignore.rules]
        if not silenced and not unknown and ignore.rules:
            notes.append(_unused(ignore, attached=True))
        kept = [f for f in kept if f not in silenced]
    return kept + notes


def _unknown_message(ignore: Ignore, unknown: Sequence[str]) -> str:
    if not ignore.rules:
        return "this ignore names no rule: write '-- pgshift-lint: ignore RULE -- reason'"
    return (
        f"no rule is called {', '.join(repr(r) for r in unknown)} "
        "(the rules are listed in docs/safety.md)"
    )


def _unused(ignore: Ignore, *, attached: bool) -> Finding:
    if attached:
        what = f"nothing here is found by {', '.join(ignore.rules)}"
    else:
        what = "this ignore is on no statement (put it on the statement's lines or right above)"
    return _about(ignore, "ignore-unused", what)


def _about(ignore: Ignore, rule: str, message: str) -> Finding:
    return Finding(
        path=ignore.path,
        line=ignore.line,
        column=ignore.column,
        rule=rule,
        severity=RULES[rule].severity,
        message=message,
    )


def with_sizes(finding: Finding, sizes: Mapping[str, tuple[int, int | None]]) -> Finding:
    """The finding with each lock's size and live rows, where the main database had them."""
    locks = tuple(
        replace(lock, size=sizes[lock.relation][0], rows=sizes[lock.relation][1])
        if lock.relation in sizes
        else lock
        for lock in finding.locks
    )
    return replace(finding, locks=locks)
