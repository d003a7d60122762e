"""raise_error, the 63-byte check, and the SQLSTATE -> exception mapping."""

from __future__ import annotations

import psycopg
import pytest

from pgshift.errors import (
    LibraryError,
    NotAuthenticatedError,
    PermissionDeniedError,
    SetupError,
    TenantMismatchError,
    TenantRequiredError,
    ValidationFailedError,
)
from pgshift.library.codes import CODES, exception_class, library_errors

from .helpers import HOSTILE, scalar, sqlstate_of


def test_raise_error_formats_arguments_with_the_code(lib):
    assert sqlstate_of(
        lib, "select pgshift_utils.raise_error('order %%s of %%I', 'PSX42', '7', %s)", [HOSTILE]
    ) == ("PSX42", 'order 7 of "x""; drop table t; --"')


def test_raise_error_defaults_and_literal_percent(lib):
    assert sqlstate_of(lib, "select pgshift_utils.raise_error('100% wrong')") == (
        "PS000",
        "100% wrong",
    )
    assert sqlstate_of(lib, "select pgshift_utils.raise_error(NULL, NULL)")[0] == "PS000"


@pytest.mark.parametrize("code", ["ps001", "PS01", "PS0001", "PS-01"])
def test_raise_error_refuses_invalid_codes(lib, code):
    state, message = sqlstate_of(lib, "select pgshift_utils.raise_error('x', %s)", [code])
    assert state == "PS001"
    assert "is not five characters" in message


def test_identifier_length_counts_bytes_not_characters(lib):
    ok = "a" * 63
    assert scalar(lib, "select pgshift_utils.check_identifier_length(%s)", [ok]) == ok
    assert scalar(lib, "select pgshift_utils.check_identifier_length(NULL)") is None
    accented = "é" * 32  # 32 characters, 64 bytes
    state, message = sqlstate_of(
        lib,
        "select pgshift_utils.check_identifier_length(%s, 'index_name', 'my_function')",
        [accented],
    )
    assert state == "PS002"
    assert message == (
        f'my_function: name "{accented}" is 64 bytes, over PostgreSQL\'s 63-byte limit;'
        " pass a shorter name with the index_name argument"
    )
    assert sqlstate_of(lib, "select pgshift_utils.check_identifier_length('')")[0] == "PS001"


def test_every_code_is_five_characters_of_class_ps_or_a_postgres_code():
    for code in CODES:
        assert len(code) == 5 and code.isalnum() and code.upper() == code
        assert code.startswith("PS") or code in ("23514", "42501")


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("PSV03", ValidationFailedError),
        ("PSV99", ValidationFailedError),  # a project's own validation code
        ("23514", ValidationFailedError),
        ("PSA01", PermissionDeniedError),
        ("PSA02", NotAuthenticatedError),
        ("42501", PermissionDeniedError),
        ("PST01", TenantMismatchError),
        ("PST02", TenantRequiredError),
        ("PS002", SetupError),
        ("PSZ00", SetupError),
        ("PS000", LibraryError),
        ("22P02", None),
        (None, None),
    ],
)
def test_exception_class(code, cls):
    assert exception_class(code) is cls


def test_library_errors_keeps_message_column_and_constraint(lib):
    lib.execute(
        "create table public.t (name text constraint name_not_empty"
        " check (pgshift_utils.validation_not_empty(name)))"
    )
    with pytest.raises(ValidationFailedError) as info, library_errors():
        lib.execute("insert into public.t values ('')")
    error = info.value
    assert error.sqlstate == "23514"
    assert error.constraint == "name_not_empty"
    assert error.table == "t" and error.schema == "public"
    assert isinstance(error.__cause__, psycopg.errors.CheckViolation)

    with pytest.raises(ValidationFailedError) as info, library_errors():
        lib.execute("select pgshift_utils.constraint_min_length('ab', 3)")
    assert info.value.sqlstate == "PSV03"
    assert info.value.message == "value must be at least 3 characters long"


def test_library_errors_passes_other_errors_through(lib):
    with pytest.raises(psycopg.errors.DivisionByZero), library_errors():
        lib.execute("select 1 / 0")
