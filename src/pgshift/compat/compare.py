"""Compare an old and a new version of a routine library (pure logic, no I/O).

Each rule predicts what deploying NEW over a database that runs OLD does: the PostgreSQL error it
raises, or the wrong function it silently leaves behind. tests/compat checks every prediction
against a real server.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..sqltext import display_name
from .model import Finding, PgError, Routine
from .sqlfiles import DropTarget, Statement

_CANNOT_CHANGE = "42P13"  # invalid_function_definition
_ROW_TYPE_DETAIL = "Row type defined by OUT parameters is different."
_KIND_WORDS = {"f": "FUNCTION", "p": "PROCEDURE"}


def _qualified(schema: str | None, name: str) -> str:
    return display_name(schema, name) if schema else display_name(name)


def _drop_sql(routine: Routine) -> str:
    return f"DROP {routine.kind_word.upper()} IF EXISTS {routine.label}"


def compare(
    old: Sequence[Routine],
    new: Sequence[Routine],
    *,
    statements: Sequence[Statement],
    dropped: Iterable[tuple[str, str, tuple[str, ...]]],
    unmatched_drops: Sequence[tuple[Statement, DropTarget]],
    today: dt.date,
    deploy_errors: Mapping[tuple[str, int], PgError] | None = None,
    fresh_errors: Mapping[tuple[str, int], PgError] | None = None,
) -> list[Finding]:
    """Every finding for NEW over OLD, in file order.

    `old`/`new` are each version loaded on its own; `dropped` holds the signatures of OLD routines
    that deploying NEW over OLD removes; `unmatched_drops` the NEW drop targets that match no OLD
    routine; `deploy_errors` the errors the server raised per NEW statement (path, line) when
    deploying NEW over OLD, `fresh_errors` those it raised loading NEW into an empty database.
    """
    dropped = set(dropped)
    old_signatures = {r.signature for r in old}
    new_by_signature = {r.signature: r for r in new}
    added_by_name: dict[tuple[str, str], list[Routine]] = defaultdict(list)
    for routine in new:
        if routine.signature not in old_signatures:
            added_by_name[(routine.schema, routine.name)].append(routine)

    findings: list[Finding] = []
    for before in old:
        if before.signature in dropped:  # dropped explicitly: whatever NEW defines is new
            continue
        after = new_by_signature.get(before.signature)
        if after is not None:
            findings += _changed_in_place(before, after)
        added = added_by_name.get((before.schema, before.name), [])
        shared = [(r, _shared_call(before, r)) for r in added]
        ambiguous = [(r, count) for r, count in shared if count is not None]
        findings += [_ambiguous(before, r, count) for r, count in ambiguous]
        if after is None and not ambiguous:
            findings.append(_replaced(before, added) if added else _removed(before))
    findings += _statement_findings(statements, new, today)
    findings += [_unmatched_drop(s, t, old) for s, t in unmatched_drops]
    findings = _attach_observed(findings, deploy_errors or {}, fresh_errors or {})
    return ordered(findings)


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in file order (NEW first), and per statement in the order the server checks."""
    return sorted(findings, key=_position)


# Several findings on one statement are listed in the order CREATE OR REPLACE checks them, so
# the first is the error the server raises.
_SERVER_ORDER = (
    "create-without-or-replace",
    "kind-changed",
    "return-type-changed",
    "parameter-renamed",
    "parameters-reordered",
    "default-removed",
)


def _position(finding: Finding) -> tuple[bool, str, int, int, str]:
    rank = (
        _SERVER_ORDER.index(finding.rule) if finding.rule in _SERVER_ORDER else len(_SERVER_ORDER)
    )
    return (finding.side != "new", finding.path, finding.line, rank, finding.rule)


# rule, message, predicted error
_Change = tuple[str, str, PgError]


def _changed_in_place(before: Routine, after: Routine) -> list[Finding]:
    """Findings for a routine that NEW redefines with the same argument types."""
    kind = _kind_change(before, after)
    checks = (_return_change, _name_change, _default_change)
    changes = [kind] if kind else [c for check in checks if (c := check(before, after))]
    hint = f"keep the old definition, or drop it first with {_drop_sql(before)}"
    fails = f"CREATE OR REPLACE fails on databases running the old version; {hint}"
    findings = [
        Finding(rule, before.label, after.path, after.line, message, fails, error)
        for rule, message, error in changes
    ]
    if not kind and before.variadic != after.variadic:
        findings.append(_variadic(before, after))
    renamed = _renamed_result_column(before, after)
    if not kind and renamed:
        findings.append(renamed)
    return findings


def _renamed_result_column(before: Routine, after: Routine) -> Finding | None:
    """One OUT/TABLE column renamed: the return type stays, so CREATE OR REPLACE accepts it.

    (With several columns the type is `record` and the server refuses the change instead.)
    """
    if before.returns == "record" or not (before.out_columns or after.out_columns):
        return None
    if before.returns != after.returns or before.returns_set != after.returns_set:
        return None  # return-type-changed says it
    # Without OUT parameters the single result column is named after the function.
    old_name = before.out_columns[0][0] if before.out_columns else before.name
    new_name = after.out_columns[0][0] if after.out_columns else after.name
    if old_name == new_name:
        return None
    return Finding(
        "result-column-renamed",
        before.label,
        after.path,
        after.line,
        f"result column renamed: {old_name} -> {new_name or '(unnamed)'}; CREATE OR REPLACE "
        "accepts it silently; keep the old column name",
        f"deploying succeeds, then queries reading the column {old_name} fail",
        PgError("42703", f'column "{old_name}" does not exist'),
    )


def _kind_change(before: Routine, after: Routine) -> _Change | None:
    if before.kind == after.kind:
        return None
    detail = f'"{before.name}" is a {before.kind_word}.'
    return (
        "kind-changed",
        f"{before.label} was a {before.kind_word} and is now a {after.kind_word}",
        PgError("42809", "cannot change routine kind", detail),
    )


def _return_change(before: Routine, after: Routine) -> _Change | None:
    message = "cannot change return type of existing function"
    if (before.returns, before.returns_set) != (after.returns, after.returns_set):
        old_type = ("setof " if before.returns_set else "") + before.returns
        new_type = ("setof " if after.returns_set else "") + after.returns
        return (
            "return-type-changed",
            f"return type changed from {old_type} to {new_type}",
            PgError(_CANNOT_CHANGE, message),
        )
    if before.returns == "record" and before.out_columns != after.out_columns:
        return (
            "return-type-changed",
            "the OUT/TABLE columns changed (names or types)",
            PgError(_CANNOT_CHANGE, message, _ROW_TYPE_DETAIL),
        )
    return None


def _name_change(before: Routine, after: Routine) -> _Change | None:
    # PostgreSQL refuses a different name (or none) where the old parameter had one.
    new_names = list(after.input_names) + [""] * len(before.input_names)
    renamed = [
        (old, new_names[i])
        for i, old in enumerate(before.input_names)
        if old and new_names[i] != old
    ]
    if not renamed:
        return None
    reordered = len(renamed) > 1 and sorted(before.input_names) == sorted(after.input_names)
    changes = ", ".join(f"{a} -> {b or '(unnamed)'}" for a, b in renamed)
    return (
        "parameters-reordered" if reordered else "parameter-renamed",
        f"input parameters {'reordered' if reordered else 'renamed'}: {changes}",
        PgError(_CANNOT_CHANGE, f'cannot change name of input parameter "{renamed[0][0]}"'),
    )


def _default_change(before: Routine, after: Routine) -> _Change | None:
    if after.defaults >= before.defaults:
        return None
    return (
        "default-removed",
        f"parameter defaults removed ({before.defaults} before, {after.defaults} now)",
        PgError(_CANNOT_CHANGE, "cannot remove parameter defaults from existing function"),
    )


def _variadic(before: Routine, after: Routine) -> Finding:
    name = _qualified(before.schema, before.name)
    last = before.input_types[-1] if before.input_types else "anyarray"
    fixed = ", ".join(before.input_types[:-1])
    if before.variadic:
        element = last[:-2] if last.endswith("[]") else last
        call_types = ", ".join(t for t in (fixed, element, element) if t)
        what, call = "VARIADIC removed", "calls that pass the variadic arguments one by one"
    else:
        call_types = ", ".join(t for t in (fixed, last) if t)
        what, call = "VARIADIC added", "calls that pass the array"
    return Finding(
        "variadic-changed",
        before.label,
        after.path,
        after.line,
        f"{what}: CREATE OR REPLACE accepts it silently and changes how every caller must call it",
        f"deploying succeeds, then {call} fail",
        PgError("42883", f"function {name}({call_types}) does not exist"),
    )


def _shared_call(before: Routine, added: Routine) -> int | None:
    """The fewest arguments a call can pass that both routines accept with the same types.

    A routine with n inputs, d of them defaulted, takes n-d to n arguments; when both take k
    arguments and their first k types are equal, such a call matches both and fails.
    """
    fewest = max(len(before.input_types) - before.defaults, len(added.input_types) - added.defaults)
    most = min(len(before.input_types), len(added.input_types))
    return next(
        (k for k in range(fewest, most + 1) if before.input_types[:k] == added.input_types[:k]),
        None,
    )


def _ambiguous(before: Routine, added: Routine, count: int) -> Finding:
    name = _qualified(before.schema, before.name)
    types = ", ".join(before.input_types[:count])
    return Finding(
        "parameter-added",
        before.label,
        added.path,
        added.line,
        f"{added.label} is added beside {before.label}, which databases keep: a call with "
        f"{count} argument{'' if count == 1 else 's'} ({types or 'none'}) matches both (defaults "
        "fill the rest); give the new function another name",
        "deploying succeeds, then every such call fails",
        PgError("42725", f"function {name}({types}) is not unique"),
    )


def _replaced(before: Routine, added: Sequence[Routine]) -> Finding:
    count = len(before.input_types)
    after = next((r for r in added if r.input_types[:count] == before.input_types), None)
    rule = "parameter-added"
    if after is None:
        same = sorted(before.input_types)
        after = next((r for r in added if sorted(r.input_types) == same), None)
        rule = "parameters-reordered"
    if after is None:
        after, rule = added[0], "argument-types-changed"
    what = {
        "parameter-added": "a parameter was added",
        "parameters-reordered": "the parameters were reordered",
        "argument-types-changed": "the argument types changed",
    }[rule]
    return Finding(
        rule,
        before.label,
        after.path,
        after.line,
        f"{what} ({before.label} -> {after.label}): CREATE OR REPLACE creates a second "
        f"{after.kind_word} instead of changing the old one; keep the old signature, or drop it "
        f"explicitly with {_drop_sql(before)}",
        f"deploying succeeds and leaves {before.label} in place beside {after.label}: calls "
        "with the old argument types keep running the old code",
    )


def _removed(before: Routine) -> Finding:
    return Finding(
        "removed",
        before.label,
        before.path,
        before.line,
        f"{before.label} is gone from the new version but not dropped: add {_drop_sql(before)} "
        "(with a dated removal note) so databases lose it too",
        f"deploying succeeds and leaves {before.label} behind in every database that had it",
        side="old",
    )


def _statement_findings(
    statements: Sequence[Statement], new: Sequence[Routine], today: dt.date
) -> list[Finding]:
    """Findings that one statement of NEW shows on its own, whatever OLD holds."""
    at = {(r.path, r.line): r for r in new}
    findings = []
    for statement in statements:
        if statement.definition is not None:
            routine = at.get((statement.path, statement.line))
            findings += _definition_findings(statement, routine, today)
        if statement.drop is not None and not statement.drop.missing_ok:
            findings += [_drop_without_if_exists(statement, t) for t in statement.drop.targets]
    return findings


def _definition_findings(
    statement: Statement, routine: Routine | None, today: dt.date
) -> list[Finding]:
    definition = statement.definition
    assert definition is not None
    label = routine.label if routine else _qualified(definition.schema, definition.name)
    findings = []
    if not definition.replace:
        exists = f'function "{definition.name}" already exists with same argument types'
        findings.append(
            Finding(
                "create-without-or-replace",
                label,
                statement.path,
                statement.line,
                f"write CREATE OR REPLACE {_KIND_WORDS[definition.kind]}",
                "fails on every database that already has it, including the second run of "
                "the same version",
                PgError("42723", exists),
            )
        )
    if statement.remove_after and statement.remove_after < today:
        drop = _drop_sql(routine) if routine else "DROP FUNCTION IF EXISTS"
        findings.append(
            Finding(
                "removal-date-passed",
                label,
                statement.path,
                statement.line,
                f"its removal note says remove after {statement.remove_after.isoformat()}: "
                f"replace the definition with {drop}",
                "none yet",
                severity="warning",
            )
        )
    return findings


def _drop_without_if_exists(statement: Statement, target: DropTarget) -> Finding:
    kind = statement.drop.kind if statement.drop else "function"
    return Finding(
        "drop-without-if-exists",
        target.text,
        statement.path,
        statement.line,
        f"write DROP {kind.upper()} IF EXISTS {target.text}",
        "fails on databases that never had it (new installs) or dropped it already "
        "(the next deploy)",
        PgError("42883", _missing_message(kind, target)),
    )


def _missing_message(kind: str, target: DropTarget) -> str:
    if target.types is None:
        return f'could not find a {kind} named "{_qualified(target.schema, target.name)}"'
    return f"{kind} {target.text} does not exist"


def _unmatched_drop(statement: Statement, target: DropTarget, old: Sequence[Routine]) -> Finding:
    schema = target.schema or "public"
    same_name = [r.label for r in old if (r.schema, r.name) == (schema, target.name)]
    hint = f"; the old version has {', '.join(same_name)}" if same_name else ""
    return Finding(
        "drop-matches-nothing",
        target.text,
        statement.path,
        statement.line,
        f"{target.text} matches nothing in the old version{hint}: write the exact old argument "
        "types",
        "the DROP does nothing (NOTICE: ... does not exist, skipping) and the function it meant "
        "to drop stays",
    )


def _attach_observed(
    findings: list[Finding],
    deploy_errors: Mapping[tuple[str, int], PgError],
    fresh_errors: Mapping[tuple[str, int], PgError],
) -> list[Finding]:
    from dataclasses import replace

    errors = {**fresh_errors, **deploy_errors}
    explained = set()
    out = []
    for finding in findings:
        key = (finding.path, finding.line)
        if finding.side == "new" and key in errors and finding.severity == "error":
            explained.add(key)
            finding = replace(finding, observed=errors[key])
        out.append(finding)
    for (path, line), error in errors.items():
        if (path, line) not in explained:
            over_old = (path, line) in deploy_errors
            where = "deployed over the old version" if over_old else "run on an empty database"
            out.append(
                Finding(
                    "deploy-failed",
                    "",
                    path,
                    line,
                    f"this statement fails when {where}: {error.message}",
                    "the deploy stops here" if over_old else "new installs stop here",
                    error,
                    observed=error,
                )
            )
    return out
