"""The linter's data: its rules, the locks a statement was measured to take, and findings.

docs/safety.md describes every rule: the lock it takes, what that lock blocks, the safe recipe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..sqltext import display_name

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")  # weakest first

# PostgreSQL's table lock modes, weakest first (the order of the conflict table's rows).
LOCK_MODES = (
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
)


def is_at_least(severity: Severity, threshold: Severity) -> bool:
    """`error` is at least `warning`; `info` is not."""
    return SEVERITIES.index(severity) >= SEVERITIES.index(threshold)


def lock_strength(mode: str) -> int:
    """The rank of a lock mode in `LOCK_MODES` (-1 for a mode that is not a table lock)."""
    return LOCK_MODES.index(mode) if mode in LOCK_MODES else -1


@dataclass(frozen=True)
class Rule:
    severity: Severity
    summary: str  # what the rule finds, in a few words
    recipe: str  # the safe way, in one sentence (docs/safety.md has the long form)


# rule id -> rule. The checks are in checks.py (static) and judging.py (measured).
RULES: dict[str, Rule] = {
    "create-index": Rule(
        "warning",
        "CREATE INDEX without CONCURRENTLY on an existing table",
        "CREATE INDEX CONCURRENTLY, alone in a '--! no-transaction' migration",
    ),
    "drop-index": Rule(
        "warning",
        "DROP INDEX without CONCURRENTLY on an existing index",
        "DROP INDEX CONCURRENTLY, alone in a '--! no-transaction' migration",
    ),
    "no-transaction-required": Rule(
        "error",
        "a statement that cannot run inside a transaction, in a migration that runs in one",
        "put the statement alone in a migration that starts with '--! no-transaction'",
    ),
    "add-column-rewrite": Rule(
        "error",
        "ADD COLUMN whose value must be written into every row (volatile default, identity, "
        "serial, stored generated column)",
        "add the column without a default (or with a constant one), set the default for new "
        "rows, then fill existing rows in batches",
    ),
    "set-not-null": Rule(
        "error",
        "SET NOT NULL on an existing column (a full scan under ACCESS EXCLUSIVE)",
        "first add CHECK (col IS NOT NULL) NOT VALID and VALIDATE it in a later migration; "
        "SET NOT NULL then uses the check and does not scan (PostgreSQL 12 and later)",
    ),
    "column-type-change": Rule(
        "error",
        "ALTER COLUMN TYPE that rewrites the table",
        "add a new column of the new type, write both, backfill in batches, switch reads, "
        "then drop the old column (expand and contract)",
    ),
    "rename-column": Rule(
        "error",
        "renaming a column the running application uses",
        "expand and contract: add the new column, write both, backfill, move the readers, "
        "drop the old column in a later release",
    ),
    "rename-table": Rule(
        "error",
        "renaming a table or view the running application uses",
        "expand and contract: create the new name (a view over the old table works for "
        "reads), move the application, drop the old name in a later release",
    ),
    "drop-column": Rule(
        "error",
        "dropping a column the running application may still read or write",
        "stop using the column in the application and deploy that first; drop it in a later "
        "migration",
    ),
    "drop-table": Rule(
        "error",
        "dropping a table or view the running application may still use",
        "stop using the table in the application and deploy that first; drop it in a later "
        "migration",
    ),
    "add-foreign-key": Rule(
        "warning",
        "FOREIGN KEY validated at once (both tables' writes blocked during the check)",
        "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration",
    ),
    "add-check-constraint": Rule(
        "error",
        "CHECK constraint validated at once (a full scan under ACCESS EXCLUSIVE)",
        "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration",
    ),
    "validate-in-same-transaction": Rule(
        "warning",
        "VALIDATE CONSTRAINT in the migration that added it NOT VALID (the add's lock is "
        "held during the validation)",
        "move VALIDATE CONSTRAINT into a later migration",
    ),
    "add-unique-constraint": Rule(
        "error",
        "ADD PRIMARY KEY / UNIQUE / EXCLUDE without USING INDEX (the index is built under "
        "ACCESS EXCLUSIVE)",
        "CREATE UNIQUE INDEX CONCURRENTLY first (its own '--! no-transaction' migration), then "
        "ADD CONSTRAINT ... PRIMARY KEY / UNIQUE USING INDEX",
    ),
    "cluster": Rule(
        "error",
        "CLUSTER rewrites the table under ACCESS EXCLUSIVE",
        "leave the physical order alone, or reorganise online with pg_repack or pg_squeeze",
    ),
    "vacuum-full": Rule(
        "error",
        "VACUUM FULL rewrites the table under ACCESS EXCLUSIVE",
        "plain VACUUM (it blocks nothing), or pg_repack / pg_squeeze to give space back",
    ),
    "reindex": Rule(
        "warning",
        "REINDEX without CONCURRENTLY",
        "REINDEX ... CONCURRENTLY, alone in a '--! no-transaction' migration",
    ),
    "lock-table": Rule(
        "warning",
        "LOCK TABLE in a mode that blocks writes or reads",
        "take no explicit lock; if one is really needed, keep the transaction short and run "
        "migrate with --lock-timeout",
    ),
    "refresh-materialized-view": Rule(
        "warning",
        "REFRESH MATERIALIZED VIEW without CONCURRENTLY (reads blocked during the refresh)",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view)",
    ),
    "table-rewrite": Rule(
        "error",
        "the statement rewrites an existing table (measured)",
        "find a form that does not rewrite (docs/safety.md), or do it in a maintenance window",
    ),
    "blocking-scan": Rule(
        "warning",
        "the statement scans an existing table while holding a lock that blocks writes (measured)",
        "split the work so that the scan runs under a weaker lock (NOT VALID then VALIDATE, "
        "CONCURRENTLY)",
    ),
    "ignore-without-reason": Rule(
        "warning",
        "a '-- pgshift-lint: ignore' comment without a reason (it silences nothing)",
        "write why it is safe: -- pgshift-lint: ignore RULE -- the table is empty",
    ),
    "ignore-unknown-rule": Rule(
        "warning",
        "a '-- pgshift-lint: ignore' comment naming a rule that does not exist",
        "use a rule id from docs/safety.md",
    ),
    "ignore-unused": Rule(
        "info",
        "a '-- pgshift-lint: ignore' comment that silences nothing",
        "remove the comment",
    ),
}


@dataclass(frozen=True)
class Lock:
    """A relation a statement locked (measured on the shadow database), with the strongest
    mode the migration held on it once the statement ran.

    `scanned`: the statement read the whole table (`pg_stat_xact_user_tables.seq_scan` moved);
    `touched`: the statement took a new lock mode on it, rewrote or scanned it (otherwise an
    earlier statement of the migration locked it and it is still held); `rows` and `size` come
    from the main database's statistics, when it was reachable.
    """

    schema: str
    name: str
    mode: str
    rewrite: bool = False
    scanned: bool = False
    kind: str = "r"  # pg_class.relkind: r table, i index, m materialized view, S sequence, ...
    touched: bool = True
    rows: int | None = None
    size: int | None = None

    @property
    def relation(self) -> str:
        """`schema.name` as people read it (quoted only where it must be)."""
        return display_name(self.schema, self.name)

    def to_json(self) -> dict[str, Any]:
        return {"relation": self.relation, "mode": self.mode, "rewrite": self.rewrite}


@dataclass(frozen=True)
class Finding:
    """One statement judged dangerous by one rule.

    `path` and `line` point at the statement's first line in the file as it is on disk (for a
    committed file, the line in that file; for text included from a fixture, the fixture);
    `column` is where the statement starts on that line.
    """

    path: Path
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    locks: tuple[Lock, ...] = ()

    def to_json(self, *, path: str | None = None) -> dict[str, Any]:
        """The finding as `lint --json` prints it (`path`: the file as shown to the user)."""
        return {
            "file": path if path is not None else str(self.path),
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "locks": [lock.to_json() for lock in self.locks],
        }


def describe_finding(finding: Finding, *, path: str | None = None) -> str:
    """`file:line:column: severity [rule] message` (`path`: the file as shown)."""
    where = f"{path if path is not None else finding.path}:{finding.line}:{finding.column}"
    return f"{where}: {finding.severity} [{finding.rule}] {finding.message}"


@dataclass(frozen=True)
class LintResult:
    """What `lint_migrations` found, in file order, and how it judged.

    `measured`: the statements ran on the shadow database (locks, rewrites and scans are
    facts); otherwise the judgement is from the SQL text alone. `notes` say what could not be
    done (no shadow database, main database not reachable for table sizes, ...).
    """

    findings: tuple[Finding, ...]
    files: tuple[Path, ...]
    statements: int
    measured: bool
    notes: tuple[str, ...] = field(default=())

    def at_least(self, threshold: Severity) -> list[Finding]:
        return [f for f in self.findings if is_at_least(f.severity, threshold)]

    def to_json(self, *, show: Any = str) -> dict[str, Any]:
        """`{"findings": [...]}`; `show` turns a path into the text printed for it."""
        return {"findings": [f.to_json(path=show(f.path)) for f in self.findings]}
