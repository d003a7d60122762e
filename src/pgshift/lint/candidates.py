"""What a check of the linter says about one statement, and what it knows of the migration so far
(pure): checks.py and altering.py make these, judging.py weighs them against the measurement."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..sqltext import display_name
from .model import RULES, Severity
from .statements import Statement

Name = tuple[str | None, str]  # (schema as written or None, name)


class Confirm(Enum):
    """What the measurement must show on the target for a finding to stand."""

    NOTHING = "nothing"  # the text alone decides (a statement that fails, an explicit lock)
    EXISTING = "existing"  # the target existed before the migration (any lock on it)
    SCAN = "scan"  # the statement read the whole target
    REWRITE = "rewrite"  # the statement rewrote the target
    REWRITE_OR_SCAN = "rewrite-or-scan"


@dataclass(frozen=True)
class Candidate:
    """A finding the text suggests; judging.py keeps it, drops it or changes its severity."""

    statement: int
    rule: str
    message: str  # what and why; the rule's recipe is added when judged
    target: Name | None
    confirm: Confirm
    unmeasured_severity: Severity | None = None  # when nothing ran (None: the rule's own)


@dataclass
class Context:
    """What the migration did before the statement being checked."""

    no_transaction: bool
    created: set[Name] = field(default_factory=set)
    not_valid: set[str] = field(default_factory=set)  # constraint names added NOT VALID
    new_columns: set[tuple[Name, str]] = field(default_factory=set)  # added to existing tables

    def is_new(self, name: Name) -> bool:
        return any(same_relation(name, created) for created in self.created)

    def is_new_column(self, table: Name, column: str) -> bool:
        """A column this migration added: no running code reads it yet."""
        return any(same_relation(table, t) and column == c for t, c in self.new_columns)


def same_relation(a: Name, b: Name) -> bool:
    """Whether two names may be one relation (a name written without its schema matches it
    in any schema: the search path decides, and the measurement knows)."""
    return a[1] == b[1] and (a[0] is None or b[0] is None or a[0] == b[0])


def relation_name(range_var: Any) -> Name:
    return (range_var.schemaname or None, range_var.relname)


def shown(name: Name) -> str:
    schema, relation = name
    return display_name(schema, relation) if schema else display_name(relation)


def candidate(
    statement: Statement,
    rule: str,
    message: str,
    target: Name | None,
    confirm: Confirm,
    unmeasured_severity: Severity | None = None,
) -> Candidate:
    """A candidate of `rule` about `statement`."""
    assert rule in RULES, rule
    return Candidate(statement.index, rule, message, target, confirm, unmeasured_severity)


def needs_no_transaction(statement: Statement, context: Context, what: str) -> list[Candidate]:
    """`what` refuses to run in a transaction block: a finding unless `--! no-transaction`."""
    if context.no_transaction:
        return []
    return [
        candidate(
            statement,
            "no-transaction-required",
            f"{what} cannot run inside a transaction block, and this migration runs in one: "
            "it fails",
            None,
            Confirm.NOTHING,
        )
    ]
