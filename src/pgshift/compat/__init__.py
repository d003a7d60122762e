"""The library compatibility checker: refuse changes that break databases already deployed."""

from .check import check_compat
from .model import RULES, CompatResult, Finding, PgError, Routine

__all__ = ["RULES", "CompatResult", "Finding", "PgError", "Routine", "check_compat"]
