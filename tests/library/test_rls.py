"""Row-level security, exercised as a non-superuser role (SET LOCAL ROLE) in each test."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import sql

from pgshift.errors import PermissionDeniedError
from pgshift.library.codes import library_errors

from .helpers import acting_as, scalar

ALICE = uuid.UUID(int=1)
BOB = uuid.UUID(int=2)


@pytest.fixture
def docs(lib, make_role):
    role = make_role()
    lib.execute("create table public.docs (id int primary key, body text, user_id uuid)")
    lib.execute(
        sql.SQL("grant select, insert, update, delete on public.docs to {}").format(
            sql.Identifier(role)
        )
    )
    lib.execute("insert into public.docs values (1, 'alice', %s), (2, 'bob', %s)", [ALICE, BOB])
    assert not scalar(
        lib, "select rolsuper or rolbypassrls from pg_roles where rolname = %s", [role]
    )
    return lib, role


def visible(conn, role, **session):
    with acting_as(conn, role, **session):
        return [r[0] for r in conn.execute("select id from public.docs order by id")]


def refused(conn, role, statement, params=None, **session):
    """The SQLSTATE of `statement` run as `role`, or None when it succeeds (rolled back)."""
    try:
        with acting_as(conn, role, **session):
            cursor = conn.execute(statement, params)
            count = cursor.rowcount
            raise _Rollback(count)
    except _Rollback as done:
        return None if done.count else "0 rows"
    except psycopg.Error as exc:
        return exc.sqlstate


class _Rollback(Exception):
    def __init__(self, count):
        self.count = count


def test_permissions_decide_read_and_modify(docs):
    lib, role = docs
    lib.execute(
        "select pgshift_define.define_authentication('{docs_read}', '{docs:write}', 'public.docs')"
    )
    policies = lib.execute(
        "select policyname, permissive, cmd, qual, with_check from pg_policies"
        " where tablename = 'docs' order by 1"
    ).fetchall()
    assert policies == [
        (
            "pgshift_modify",
            "PERMISSIVE",
            "ALL",
            "( SELECT pgshift_utils.user_has_any_permission('{docs:write}'::text[]) AS"
            " user_has_any_permission)",
            "( SELECT pgshift_utils.user_has_any_permission('{docs:write}'::text[]) AS"
            " user_has_any_permission)",
        ),
        (
            "pgshift_read",
            "PERMISSIVE",
            "SELECT",
            "( SELECT pgshift_utils.user_has_any_permission('{docs_read}'::text[]) AS"
            " user_has_any_permission)",
            None,
        ),
    ]
    insert = "insert into public.docs values (3, 'x', null)"
    # No permission: nothing visible, nothing writable.
    assert visible(lib, role) == []
    assert refused(lib, role, insert) == "42501"
    assert refused(lib, role, "update public.docs set body = 'x'") == "0 rows"
    assert refused(lib, role, "delete from public.docs") == "0 rows"
    # "_" is not a wildcard: docsXread does not grant docs_read.
    assert visible(lib, role, permissions=["docsXread", "docs%"]) == []
    # Read permission: rows visible, still not writable.
    assert visible(lib, role, permissions=["docs_read"]) == [1, 2]
    assert refused(lib, role, insert, permissions=["docs_read"]) == "42501"
    assert refused(lib, role, "delete from public.docs", permissions=["docs_read"]) == "0 rows"
    # Write permission: read and write.
    assert visible(lib, role, permissions=["docs:write"]) == [1, 2]
    assert refused(lib, role, insert, permissions=["docs:write"]) is None
    assert (
        refused(lib, role, "update public.docs set body = 'y'", permissions=["docs:write"]) is None
    )
    assert refused(lib, role, "delete from public.docs", permissions=["docs:write"]) is None
    # The mapping to Python.
    with pytest.raises(PermissionDeniedError), library_errors(), acting_as(lib, role):
        lib.execute(insert)


def test_readonly_authentication(docs):
    lib, role = docs
    lib.execute("select pgshift_define.define_authentication('{r}', '{w}', 'public.docs')")
    lib.execute("select pgshift_define.define_readonly_authentication('{r}', 'public.docs')")
    assert visible(lib, role, permissions=["r"]) == [1, 2]
    assert (
        refused(lib, role, "insert into public.docs values (3, 'x', null)", permissions=["r", "w"])
        == "42501"
    )
    assert (
        refused(lib, role, "update public.docs set body = 'x'", permissions=["r", "w"]) == "0 rows"
    )


def test_end_user_authentication(docs):
    lib, role = docs
    lib.execute(
        "select pgshift_define.define_end_user_authentication("
        "'{docs:read}', '{docs:write}', 'public.docs')"
    )
    both = ["docs:read", "docs:write"]
    assert visible(lib, role, permissions=both, user_id=ALICE) == [1]
    assert visible(lib, role, permissions=both, user_id=BOB) == [2]
    assert visible(lib, role, permissions=both) == []  # no user: no rows
    assert visible(lib, role, permissions=[], user_id=ALICE) == []
    assert (
        refused(
            lib,
            role,
            "update public.docs set body = 'x' where id = 2",
            permissions=both,
            user_id=ALICE,
        )
        == "0 rows"
    )
    assert (
        refused(
            lib,
            role,
            "insert into public.docs values (3, 'x', %s)",
            [BOB],
            permissions=both,
            user_id=ALICE,
        )
        == "42501"
    )
    assert (
        refused(
            lib,
            role,
            "insert into public.docs values (3, 'x', %s)",
            [ALICE],
            permissions=both,
            user_id=ALICE,
        )
        is None
    )


def test_drop_authentication(docs):
    lib, role = docs
    lib.execute("create policy mine on public.docs using (true)")
    lib.execute("select pgshift_define.define_authentication('{r}', '{w}', 'public.docs')")
    lib.execute("select pgshift_define.drop_authentication('public.docs')")
    assert lib.execute(
        "select policyname from pg_policies where tablename = 'docs'"
    ).fetchall() == [("mine",)]
    lib.execute("select pgshift_define.drop_authentication('public.docs', disable_rls => true)")
    assert not scalar(
        lib, "select relrowsecurity from pg_class where oid = 'public.docs'::regclass"
    )


def test_hostile_table_and_owner_column(lib, make_role):
    from .helpers import HOSTILE

    role = make_role()
    name = sql.Identifier(HOSTILE)
    lib.execute(
        sql.SQL(
            "create schema {n}; create table {n}.{n} (id int, {n} uuid);"
            " grant usage on schema {n} to {r}; grant all on {n}.{n} to {r}"
        ).format(n=name, r=sql.Identifier(role))
    )
    table = sql.SQL("{n}.{n}").format(n=name)
    lib.execute(sql.SQL("insert into {} values (1, %s), (2, %s)").format(table), [ALICE, BOB])
    lib.execute(
        "select pgshift_define.define_end_user_authentication('{r}', '{w}', %s::regclass, %s)",
        [table.as_string(lib), HOSTILE],
    )
    with acting_as(lib, role, permissions=["r"], user_id=BOB):
        assert lib.execute(sql.SQL("select id from {}").format(table)).fetchall() == [(2,)]
    assert scalar(lib, "select to_regclass('public.t')") is None
