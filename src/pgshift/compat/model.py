"""The checker's data: routines as the catalog describes them, and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..sqltext import display_name

# rule id -> what it guards against (docs/authoring.md lists them with examples)
RULES = {
    "removed": "function removed without DROP FUNCTION IF EXISTS",
    "parameter-renamed": "input parameter renamed",
    "parameters-reordered": "input parameters reordered",
    "argument-types-changed": "argument types or count changed",
    "parameter-added": "parameter added",
    "return-type-changed": "return type changed",
    "result-column-renamed": "the one OUT/TABLE result column renamed",
    "variadic-changed": "VARIADIC added or removed",
    "kind-changed": "function turned into a procedure (or back)",
    "default-removed": "parameter default removed",
    "create-without-or-replace": "CREATE without OR REPLACE",
    "drop-without-if-exists": "DROP FUNCTION without IF EXISTS",
    "drop-matches-nothing": "DROP FUNCTION matching nothing in the old version",
    "deploy-failed": "statement fails when deployed over the old version",
    "identifier-truncated": "identifier longer than 63 bytes",
    "removal-date-passed": "removal note date has passed",
}


@dataclass(frozen=True)
class Routine:
    """A function or procedure; from the catalog (server mode) or from pglast (static mode)."""

    schema: str
    name: str
    kind: str  # pg_proc.prokind: f function, p procedure, a aggregate, w window
    input_types: tuple[str, ...]
    input_names: tuple[str, ...]
    variadic: bool
    defaults: int
    returns: str
    returns_set: bool
    out_columns: tuple[tuple[str, str], ...]
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    oid: int = field(default=0, compare=False)

    @property
    def signature(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.schema, self.name, self.input_types)

    @property
    def label(self) -> str:
        return f"{display_name(self.schema, self.name)}({', '.join(self.input_types)})"

    @property
    def kind_word(self) -> str:
        return {"p": "procedure", "a": "aggregate"}.get(self.kind, "function")


@dataclass(frozen=True)
class PgError:
    """A PostgreSQL error (or notice): SQLSTATE, primary message, optional detail."""

    sqlstate: str
    message: str
    detail: str | None = None

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        level = "NOTICE" if self.sqlstate.startswith("00") else "ERROR"
        return f"{level} {self.sqlstate}: {self.message}{detail}"

    def to_json(self) -> dict[str, Any]:
        return {"sqlstate": self.sqlstate, "message": self.message, "detail": self.detail}


@dataclass(frozen=True)
class Finding:
    """One incompatibility: where in NEW (or OLD, for a removed function), which rule, and what
    deploying NEW over OLD does: `error` is the PostgreSQL error it raises, or None when it
    succeeds but leaves the wrong function behind (`effect` says which)."""

    rule: str
    function: str
    path: str
    line: int
    message: str
    effect: str
    error: PgError | None = None
    side: str = "new"  # "old" when the position is in OLD (a removed function)
    severity: str = "error"  # or "warning"
    observed: PgError | None = None  # server mode: what the server said for this statement

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" + (" (old version)" if self.side == "old" else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "function": self.function,
            "file": self.path,
            "line": self.line,
            "side": self.side,
            "message": self.message,
            "effect": self.effect,
            "error": self.error.to_json() if self.error else None,
            "observed": self.observed.to_json() if self.observed else None,
        }


@dataclass(frozen=True)
class CompatResult:
    """The outcome: `compatible` is true when no finding is an error (warnings allowed)."""

    old: str
    new: str
    mode: str  # "server" or "static"
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def compatible(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "mode": self.mode,
            "compatible": self.compatible,
            "findings": [f.to_json() for f in self.findings],
        }
