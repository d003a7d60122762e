"""The migration linter: which statements take locks that block the running application, and
how to do the same safely (docs/safety.md)."""

from .linting import ShadowLint, lint_migrations
from .model import RULES, Finding, LintResult, Lock

__all__ = ["RULES", "Finding", "LintResult", "Lock", "ShadowLint", "lint_migrations"]
