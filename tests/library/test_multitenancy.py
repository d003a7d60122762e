"""Multitenancy: tenant columns, trigger, tenant-aware keys and relations, and RLS between tenants."""

from __future__ import annotations

import uuid

import pytest
from psycopg import sql

from pgshift import session
from pgshift.errors import TenantMismatchError, TenantRequiredError
from pgshift.library.codes import library_errors

from .helpers import acting_as, scalar, sqlstate_of

ACME, GLOBEX = uuid.UUID(int=10), uuid.UUID(int=20)
PROD, TEST = uuid.UUID(int=1), uuid.UUID(int=2)


@pytest.fixture
def tenant_tables(lib, make_role):
    role = make_role()
    lib.execute("""
        create table public.projects (id int, name text);
        create table public.tasks (id int, project_id int, title text);
    """)
    for table in ("public.projects", "public.tasks"):
        lib.execute("select pgshift_define.define_tenant_columns(%s)", [table])
        lib.execute("select pgshift_define.define_tenant_primary_key(%s)", [table])
        lib.execute(
            "select pgshift_define.define_multitenant_authentication('{read}', '{write}', %s)",
            [table],
        )
        lib.execute(
            sql.SQL("grant select, insert, update, delete on {} to {}").format(
                sql.SQL(table), sql.Identifier(role)
            )
        )
    lib.execute(
        "select pgshift_define.define_tenant_unique_constraint('public.projects', '{name}')"
    )
    lib.execute("select pgshift_define.define_tenant_index('public.tasks', '{title}')")
    lib.execute(
        "select pgshift_define.define_tenant_relation('public.tasks', '{project_id}',"
        " 'public.projects')"
    )
    return lib, role


def test_catalog(tenant_tables):
    lib, _ = tenant_tables
    constraints = dict(
        lib.execute(
            "select conname, pg_get_constraintdef(oid) from pg_constraint"
            " where conrelid = 'public.tasks'::regclass and contype <> 'n'"
        ).fetchall()
    )
    assert constraints == {
        "tasks_environment_id_check": "CHECK (pgshift_utils.validation_not_default_uuid(environment_id))",
        "tasks_pkey": "PRIMARY KEY (tenant_id, environment_id, id)",
        "tasks_project_id_fkey": "FOREIGN KEY (tenant_id, environment_id, project_id)"
        " REFERENCES projects(tenant_id, environment_id, id)",
        "tasks_tenant_id_check": "CHECK (pgshift_utils.validation_not_default_uuid(tenant_id))",
    }
    assert scalar(lib, "select pg_get_indexdef('public.tasks_title_idx'::regclass)") == (
        "CREATE INDEX tasks_title_idx ON public.tasks USING btree (tenant_id, environment_id, title)"
    )
    assert lib.execute(
        "select policyname, permissive from pg_policies where tablename = 'tasks' order by 1"
    ).fetchall() == [
        ("pgshift_modify", "PERMISSIVE"),
        ("pgshift_read", "PERMISSIVE"),
        ("pgshift_tenant", "RESTRICTIVE"),
    ]


def test_tenants_never_see_each_others_rows(tenant_tables):
    lib, role = tenant_tables
    for tenant in (ACME, GLOBEX):
        for environment in (PROD, TEST):
            with acting_as(
                lib, role, permissions=["write"], tenant_id=tenant, environment_id=environment
            ):
                lib.execute("insert into public.projects (id, name) values (1, 'p')")
                lib.execute(
                    "insert into public.tasks (id, project_id, title) values (1, 1, %s)",
                    [f"{tenant.int}-{environment.int}"],
                )
    assert scalar(lib, "select count(*) from public.tasks") == 4  # the owner sees everything
    for tenant in (ACME, GLOBEX):
        for environment in (PROD, TEST):
            with acting_as(
                lib, role, permissions=["read"], tenant_id=tenant, environment_id=environment
            ):
                rows = lib.execute("select title from public.tasks").fetchall()
                assert rows == [(f"{tenant.int}-{environment.int}",)]
                assert lib.execute("update public.tasks set title = 'x'").rowcount == 0
            with acting_as(
                lib, role, permissions=["write"], tenant_id=tenant, environment_id=environment
            ):
                assert lib.execute("update public.tasks set title = 'x'").rowcount == 1
    with acting_as(lib, role, permissions=["read", "write"]):  # no tenant in the session
        assert lib.execute("select * from public.tasks").fetchall() == []


def test_the_trigger_stamps_and_refuses(tenant_tables):
    lib, _ = tenant_tables
    with session.transaction(lib, tenant_id=ACME, environment_id=PROD):
        lib.execute("insert into public.projects (id, name) values (1, 'a')")
    assert lib.execute("select tenant_id, environment_id from public.projects").fetchone() == (
        ACME,
        PROD,
    )
    with (
        pytest.raises(TenantMismatchError) as info,
        library_errors(),
        session.transaction(lib, tenant_id=ACME, environment_id=PROD),
    ):
        lib.execute(
            "insert into public.projects (id, name, tenant_id) values (2, 'b', %s)", [GLOBEX]
        )
    assert info.value.sqlstate == "PST01" and info.value.column == "tenant_id"
    with pytest.raises(TenantRequiredError), library_errors():
        lib.execute("insert into public.projects (id, name) values (3, 'c')")
    state, message = sqlstate_of(lib, "update public.projects set environment_id = %s", [TEST])
    assert state == "PST01"
    assert message == "environment_id of a row in public.projects cannot change"
    # Without a session tenant (a migration), explicit values are accepted.
    lib.execute("insert into public.projects values (4, 'd', %s, %s)", [GLOBEX, TEST])
    assert (
        sqlstate_of(
            lib, "insert into public.projects values (5, 'e', %s, %s)", [uuid.UUID(int=0), TEST]
        )[0]
        == "23514"
    )


def test_tenant_aware_keys(tenant_tables):
    lib, _ = tenant_tables
    lib.execute(
        "insert into public.projects values (1, 'same', %s, %s), (1, 'same', %s, %s)",
        [ACME, PROD, GLOBEX, PROD],
    )
    assert (
        sqlstate_of(lib, "insert into public.projects values (2, 'same', %s, %s)", [ACME, PROD])[0]
        == "23505"
    )
    # A task cannot point at another tenant's project, even with the same id.
    assert (
        sqlstate_of(lib, "insert into public.tasks values (1, 1, 't', %s, %s)", [ACME, TEST])[0]
        == "23503"
    )
    lib.execute("insert into public.tasks values (1, 1, 't', %s, %s)", [ACME, PROD])


def test_relation_arguments_are_checked(tenant_tables):
    lib, _ = tenant_tables
    assert (
        sqlstate_of(
            lib,
            "select pgshift_define.define_tenant_relation('public.tasks',"
            " '{project_id}', 'public.projects', on_delete => 'drop')",
        )[0]
        == "PS001"
    )
    assert (
        sqlstate_of(
            lib,
            "select pgshift_define.define_tenant_relation('public.tasks',"
            " '{project_id,title}', 'public.projects')",
        )[0]
        == "PS001"
    )
    lib.execute("create table public.plain (id int)")
    assert (
        sqlstate_of(lib, "select pgshift_define.define_tenant_index('public.plain', '{id}')")[0]
        == "PS003"
    )
