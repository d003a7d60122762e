"""The library's SQLSTATE codes and the Python exceptions they become.

The SQL raises five-character codes of class `PS`, which PostgreSQL leaves to applications
(it uses no class starting with `P` other than `P0`, PL/pgSQL). `CODES` is the one table;
docs/library.md prints the same table and a test keeps the two equal.

    try:
        with library_errors():
            conn.execute("insert into app.items (name) values ('')")
    except ValidationFailedError as exc:
        print(exc.sqlstate, exc.constraint, exc.message)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from ..errors import (
    LibraryError,
    NotAuthenticatedError,
    PermissionDeniedError,
    SetupError,
    TenantMismatchError,
    TenantRequiredError,
    ValidationFailedError,
)


@dataclass(frozen=True)
class Code:
    """One SQLSTATE: the exception it maps to and what it means."""

    sqlstate: str
    exception: type[LibraryError]
    meaning: str


CODES: dict[str, Code] = {
    c.sqlstate: c
    for c in (
        Code("PS000", LibraryError, "raise_error without a code"),
        Code("PS001", SetupError, "invalid argument to a library function"),
        Code("PS002", SetupError, "generated or given name over 63 bytes"),
        Code("PS003", SetupError, "table or column missing, or of the wrong type"),
        Code("PS004", SetupError, "required extension missing (pg_trgm)"),
        Code("PS005", SetupError, "malformed pgshift.* session setting"),
        Code(
            "PS006",
            SetupError,
            "a library schema or function owned by a role the installer does not trust",
        ),
        Code("PSV01", ValidationFailedError, "not_empty"),
        Code("PSV02", ValidationFailedError, "trimmed"),
        Code("PSV03", ValidationFailedError, "min_length"),
        Code("PSV04", ValidationFailedError, "max_length"),
        Code("PSV05", ValidationFailedError, "min_value"),
        Code("PSV06", ValidationFailedError, "max_value"),
        Code("PSV07", ValidationFailedError, "matches_pattern"),
        Code("PSV08", ValidationFailedError, "starts_with"),
        Code("PSV09", ValidationFailedError, "allowed_value"),
        Code("PSV10", ValidationFailedError, "url"),
        Code("PSV11", ValidationFailedError, "optional_url"),
        Code("PSV12", ValidationFailedError, "base64"),
        Code("PSV13", ValidationFailedError, "identifier_key"),
        Code("PSV14", ValidationFailedError, "not_default_uuid"),
        Code("PSV15", ValidationFailedError, "array_not_empty"),
        Code("PSV16", ValidationFailedError, "array_urls"),
        Code("PSA01", PermissionDeniedError, "permission missing (require_permission)"),
        Code("PSA02", NotAuthenticatedError, "no user in the session (require_user_id)"),
        Code("PST01", TenantMismatchError, "row of another tenant/environment, or moved"),
        Code("PST02", TenantRequiredError, "no tenant/environment in the row or the session"),
        # PostgreSQL's own codes for what the library's CHECKs and policies refuse.
        Code("23514", ValidationFailedError, "check_violation (a validation_* CHECK)"),
        Code("42501", PermissionDeniedError, "insufficient_privilege (an RLS policy)"),
    )
}

# Codes a project raises itself with raise_error map by prefix: PSV* validation, PSA*
# permission, PST* tenancy, any other PS* a setup error.
_PREFIXES: tuple[tuple[str, type[LibraryError]], ...] = (
    ("PSV", ValidationFailedError),
    ("PSA", PermissionDeniedError),
    ("PST", TenantMismatchError),
    ("PS", SetupError),
)


def exception_class(sqlstate: str | None) -> type[LibraryError] | None:
    """The exception class for `sqlstate`, or None when the library does not map it."""
    if sqlstate is None:
        return None
    if sqlstate in CODES:
        return CODES[sqlstate].exception
    for prefix, cls in _PREFIXES:
        if sqlstate.startswith(prefix):
            return cls
    return None


def translate(error: psycopg.Error) -> LibraryError | None:
    """The library exception for a psycopg error (message and diagnostics kept), or None."""
    cls = exception_class(error.sqlstate)
    if cls is None:
        return None
    diag = error.diag
    return cls(
        diag.message_primary or str(error),
        sqlstate=error.sqlstate,
        detail=diag.message_detail,
        hint=diag.message_hint,
        schema=diag.schema_name,
        table=diag.table_name,
        column=diag.column_name,
        constraint=diag.constraint_name,
    )


@contextmanager
def library_errors() -> Iterator[None]:
    """Re-raise psycopg errors with a library code as `LibraryError` subclasses (the psycopg
    error stays as `__cause__`); other errors pass through unchanged."""
    try:
        yield
    except psycopg.Error as exc:
        mapped = translate(exc)
        if mapped is None:
            raise
        raise mapped from exc
