"""Session settings, permission and tag checks, and pgshift.session."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from pgshift import session
from pgshift.errors import UsageError

from .helpers import scalar, sqlstate_of

USER = uuid.UUID("6f9619ff-8b86-d011-b42d-00cf4fc964ff")


def check(conn, query, settings, params=None):
    """Run `query` in a transaction with raw `settings` applied with set_config(..., true)."""
    with conn.transaction():
        for name, value in settings.items():
            conn.execute("select set_config(%s, %s, true)", [name, value])
        return scalar(conn, query, params)


@pytest.mark.parametrize(
    "raw",
    ['["items:read", "a_b", "100%"]', "items:read, a_b ,100%", " items:read,,a_b,100% "],
)
def test_permission_formats(shared_lib, raw):
    settings = {"pgshift.auth.permissions": raw}
    assert check(shared_lib, "select pgshift_utils.current_permissions()", settings) == [
        "items:read",
        "a_b",
        "100%",
    ]


@pytest.mark.parametrize(
    ("permission", "expected"),
    [
        ("a_b", True),
        ("axb", False),
        ("100%", True),
        ("100", False),
        ("1000", False),
        ("%", False),
        ("A_B", False),
        (None, False),
    ],
)
def test_permission_names_match_literally(shared_lib, permission, expected):
    settings = {"pgshift.auth.permissions": '["a_b", "100%"]'}
    query = "select pgshift_utils.user_has_permission(%s)"
    assert check(shared_lib, query, settings, [permission]) is expected


def test_any_permission_tags_and_both(shared_lib):
    settings = {"pgshift.auth.permissions": "read,write", "pgshift.auth.tags": '["beta"]'}
    lib = shared_lib
    assert check(lib, "select pgshift_utils.user_has_any_permission('{x,write}')", settings)
    assert not check(lib, "select pgshift_utils.user_has_any_permission('{}')", settings)
    assert not check(lib, "select pgshift_utils.user_has_any_permission(NULL)", settings)
    assert check(lib, "select pgshift_utils.user_has_tag('beta')", settings)
    assert not check(lib, "select pgshift_utils.user_has_tag('bet_')", settings)
    assert check(lib, "select pgshift_utils.user_has_permission_and_tag('read', 'beta')", settings)
    assert not check(
        lib, "select pgshift_utils.user_has_permission_and_tag('read', 'alpha')", settings
    )
    assert not check(
        lib, "select pgshift_utils.user_has_permission_and_tag('admin', 'beta')", settings
    )


def test_unset_settings(shared_lib):
    lib = shared_lib
    for function in (
        "current_user_id",
        "current_tenant_id",
        "current_environment_id",
        "current_subject_name",
    ):
        assert scalar(lib, f"select pgshift_utils.{function}()") is None
    assert scalar(lib, "select pgshift_utils.current_permissions()") == []
    assert scalar(lib, "select pgshift_utils.user_has_permission('x')") is False
    # After a transaction-local value ends, the setting exists but is empty: still unset.
    check(lib, "select 1", {"pgshift.auth.user_id": str(USER)})
    assert scalar(lib, "select current_setting('pgshift.auth.user_id', true)") == ""
    assert scalar(lib, "select pgshift_utils.current_user_id()") is None


def test_ids_and_subject(shared_lib):
    settings = {
        "pgshift.auth.user_id": str(USER).upper(),
        "pgshift.tenant_id": "{" + str(USER) + "}",
        "pgshift.environment_id": USER.hex,
        "pgshift.auth.subject_name": "alice",
    }
    query = (
        "select pgshift_utils.current_user_id(), pgshift_utils.current_tenant_id(),"
        " pgshift_utils.current_environment_id()"
    )
    with shared_lib.transaction():
        for name, value in settings.items():
            shared_lib.execute("select set_config(%s, %s, true)", [name, value])
        assert shared_lib.execute(query).fetchone() == (USER, USER, USER)
        assert scalar(shared_lib, "select pgshift_utils.current_subject_name()") == "alice"


def test_malformed_settings_are_ps005(shared_lib):
    lib = shared_lib
    for name, value, function in [
        ("pgshift.auth.user_id", "42", "current_user_id"),
        ("pgshift.tenant_id", "not-a-uuid", "current_tenant_id"),
        ("pgshift.auth.permissions", "[1, ", "current_permissions"),
        ("pgshift.auth.tags", '["a"', "current_tags"),
    ]:
        with pytest.raises(psycopg.Error) as info, lib.transaction():
            lib.execute("select set_config(%s, %s, true)", [name, value])
            lib.execute(f"select pgshift_utils.{function}()")
        assert info.value.sqlstate == "PS005", (name, value)
        assert name in info.value.diag.message_primary


def test_require_permission_and_user(shared_lib):
    lib = shared_lib
    assert sqlstate_of(lib, "select pgshift_utils.require_permission('a_b')") == (
        "PSA01",
        "permission 'a_b' is required",
    )
    assert sqlstate_of(lib, "select pgshift_utils.require_user_id()")[0] == "PSA02"
    assert (
        check(
            lib,
            "select pgshift_utils.require_permission('a_b')",
            {"pgshift.auth.permissions": "a_b"},
        )
        is True
    )
    assert (
        check(lib, "select pgshift_utils.require_user_id()", {"pgshift.auth.user_id": str(USER)})
        == USER
    )


def test_session_transaction_sets_every_value_locally(shared_lib):
    lib = shared_lib
    odd = ["with,comma", 'quote"d', "a_b", "100%", "ünï"]
    with session.transaction(
        lib,
        subject_name="svc",
        permissions=odd,
        tags=["t"],
        user_id=USER,
        tenant_id=str(USER),
        environment_id=USER,
    ):
        assert scalar(lib, "select pgshift_utils.current_permissions()") == odd
        assert scalar(lib, "select pgshift_utils.current_tags()") == ["t"]
        assert scalar(lib, "select pgshift_utils.current_user_id()") == USER
        assert scalar(lib, "select pgshift_utils.current_environment_id()") == USER
        assert scalar(lib, "select pgshift_utils.current_subject_name()") == "svc"
        # A second call replaces everything, clearing what it does not name.
        session.set_session(lib, permissions=["only"])
        assert scalar(lib, "select pgshift_utils.current_user_id()") is None
        assert scalar(lib, "select pgshift_utils.current_permissions()") == ["only"]
    assert scalar(lib, "select pgshift_utils.current_permissions()") == []


def test_session_refuses_misuse(shared_lib):
    with pytest.raises(UsageError, match="needs a transaction"):
        session.set_session(shared_lib, user_id=USER)
    with pytest.raises(UsageError, match="must be a UUID"), shared_lib.transaction():
        session.set_session(shared_lib, user_id="42")
    with pytest.raises(UsageError, match="list of strings"), shared_lib.transaction():
        session.set_session(shared_lib, permissions="read")


def test_session_on_a_non_autocommit_connection(database):
    with psycopg.connect(database) as conn:
        session.set_session(conn, permissions=["p"])
        assert scalar(conn, "select current_setting('pgshift.auth.permissions')") == '["p"]'
        conn.rollback()
        assert scalar(conn, "select current_setting('pgshift.auth.permissions', true)") in (
            "",
            None,
        )
