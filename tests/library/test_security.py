"""Security review cases: who may attach the propagation trigger, what it will run, whether a
library schema someone else made is trusted, switching RLS styles, notification size."""

from __future__ import annotations

import json

import psycopg
import pytest
from psycopg import sql

from pgshift.errors import SetupError
from pgshift.library.install import define_migration_sql, install_runtime, runtime_fingerprint

from .helpers import acting_as, scalar, sqlstate_of
from .test_rls import ALICE, BOB, refused, visible

PROPAGATE = "pgshift_utils.tg_propagate_timestamp"


def _tables(lib, owner: str | None = None) -> None:
    lib.execute("""
        create table public.projects (id int primary key, updated_at timestamptz);
        create table public.tasks (id int primary key, project_id int);
        insert into public.projects values (1, '2000-01-01');
    """)
    if owner:
        lib.execute(sql.SQL("alter table public.tasks owner to {}").format(sql.Identifier(owner)))


def test_only_the_library_owner_may_attach_the_propagation_trigger(lib, make_role):
    assert (
        scalar(lib, f"select has_function_privilege('public', '{PROPAGATE}()', 'execute')") is False
    )
    role = make_role()
    lib.execute(sql.SQL("grant create on schema public to {}").format(sql.Identifier(role)))
    with acting_as(lib, role):
        lib.execute("create table public.mine (project_id int)")
    state, message = sqlstate_of(
        lib,
        f"set local role {role}; create trigger sneaky after insert on public.mine for each row"
        f" execute function {PROPAGATE}('public', 'projects', 'project_id', 'id', 'updated_at',"
        " 'integer')",
    )
    assert state == "42501"
    # PostgreSQL 18 names the schema, older servers do not.
    assert message.startswith("permission denied for function ")
    assert message.endswith("tg_propagate_timestamp")


def test_install_again_takes_execute_back_from_public(lib):
    lib.execute(f"grant execute on function {PROPAGATE}() to public")
    lib.execute("comment on schema pgshift_utils is null")  # forces the SQL to run again
    assert install_runtime(lib, multitenancy=True) is True
    assert (
        scalar(lib, f"select has_function_privilege('public', '{PROPAGATE}()', 'execute')") is False
    )


def test_the_parent_key_type_is_resolved_never_pasted(lib):
    _tables(lib)
    # Pasted into the UPDATE, this would be one valid statement that also runs set_config.
    crafted = (
        "int[]) or (select set_config('pgshift.pwned', 'yes', false)) is not null"
        " or id = any ($1::int"
    )
    lib.execute(
        sql.SQL(
            "create trigger crafted after insert on public.tasks for each row execute function"
            " pgshift_utils.tg_propagate_timestamp('public', 'projects', 'project_id', 'id',"
            " 'updated_at', {})"
        ).format(sql.Literal(crafted))
    )
    state, _ = sqlstate_of(lib, "insert into public.tasks values (1, 1)")
    assert state == "42601"  # to_regtype refuses the text: it is a type name or nothing
    assert scalar(lib, "select current_setting('pgshift.pwned', true)") in (None, "")


def test_a_parent_of_another_owner_is_refused(lib, make_role):
    role = make_role()
    _tables(lib, owner=role)
    lib.execute(
        "select pgshift_define.define_timestamp_propagation("
        "'public.tasks', 'public.projects', 'project_id')"
    )
    state, message = sqlstate_of(lib, "insert into public.tasks values (1, 1)")
    assert (state, message) == (
        "42501",
        "pgshift_utils.tg_propagate_timestamp: the owner of public.tasks may not update"
        " public.projects.updated_at",
    )


def test_a_tree_in_one_table_propagates_and_a_cycle_is_a_clear_error(lib):
    lib.execute("""
        create table public.folders (id int primary key, parent_id int references public.folders,
                                     updated_at timestamptz not null default '2000-01-01');
        select pgshift_define.define_timestamp_propagation(
            'public.folders', 'public.folders', 'parent_id');
        insert into public.folders (id, parent_id) values (1, null);
    """)
    for n in range(2, 41):  # a path 40 folders deep
        lib.execute("insert into public.folders (id, parent_id) values (%s, %s)", [n, n - 1])
    assert scalar(lib, "select updated_at > '2001-01-01' from public.folders where id = 1")
    lib.execute("update public.folders set parent_id = id where id = 1")  # points at itself
    state, message = sqlstate_of(lib, "update public.folders set parent_id = 40 where id = 1")
    assert (state, message) == (
        "PS001",
        "pgshift_utils.tg_propagate_timestamp: more than 100 nested updates of public.folders;"
        " do its rows point at each other in a cycle?",
    )


@pytest.fixture
def planted(pg, make_role_plain_db):
    """A fresh database where a non-superuser role made pgshift_utils first, with the genuine
    fingerprint in its comment."""
    conn, role = make_role_plain_db
    conn.execute(sql.SQL("set role {}").format(sql.Identifier(role)))
    conn.execute("create schema pgshift_utils")
    conn.execute(
        "create function pgshift_utils.check_identifier_length(name text, caller text)"
        " returns void language sql as 'select null'"
    )
    conn.execute(
        sql.SQL("comment on schema pgshift_utils is {}").format(
            sql.Literal(
                "pgshift helper library (runtime), managed by pgshift; fingerprint "
                + runtime_fingerprint()
            )
        )
    )
    conn.execute("reset role")
    return conn, role


@pytest.fixture
def make_role_plain_db(conn):
    name = f"pgshift_test_planter_{conn.info.backend_pid}"
    conn.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(name)))
    conn.execute(sql.SQL("create role {} nologin").format(sql.Identifier(name)))
    conn.execute(
        sql.SQL("grant create on database {} to {}").format(
            sql.Identifier(conn.info.dbname), sql.Identifier(name)
        )
    )
    yield conn, name
    conn.execute("reset role")
    conn.execute(sql.SQL("drop owned by {}").format(sql.Identifier(name)))
    conn.execute(sql.SQL("drop role {}").format(sql.Identifier(name)))


def test_a_library_schema_someone_else_made_is_not_trusted(planted):
    conn, role = planted
    with pytest.raises(SetupError) as info:
        install_runtime(conn)
    assert info.value.sqlstate == "PS006"
    assert str(info.value) == (
        f"refusing the pgshift helper library: the schema pgshift_utils belongs to role {role},"
        " which postgres does not trust to run library code; drop that schema, or install the"
        " library as its owner"
    )
    state, message = sqlstate_of(conn, define_migration_sql(multitenancy=False))
    assert (state, message) == (
        "PS006",
        f"the schema pgshift_utils belongs to role {role}, which postgres does not trust to run"
        " library code",
    )


def test_switching_authentication_style_leaves_no_old_policy(lib, make_role):
    role = make_role()
    lib.execute("create table public.docs (id int primary key, body text, user_id uuid)")
    lib.execute(sql.SQL("grant all on public.docs to {}").format(sql.Identifier(role)))
    lib.execute("insert into public.docs values (1, 'alice', %s), (2, 'bob', %s)", [ALICE, BOB])
    lib.execute("select pgshift_define.define_authentication('{read}', '{write}', 'public.docs')")
    lib.execute(
        "select pgshift_define.define_end_user_authentication('{read}', '{write}', 'public.docs')"
    )
    policies = "select polname from pg_policy where polrelid = 'public.docs'::regclass order by 1"
    assert lib.execute(policies).fetchall() == [("pgshift_owner_modify",), ("pgshift_owner_read",)]
    assert visible(lib, role, permissions=["read"], user_id=ALICE) == [1]
    lib.execute("select pgshift_define.define_readonly_authentication('{read}', 'public.docs')")
    assert lib.execute(policies).fetchall() == [("pgshift_read",)]
    assert (
        refused(
            lib,
            role,
            "update public.docs set body = 'x'",
            permissions=["read", "write"],
            user_id=ALICE,
        )
        == "0 rows"
    )


def test_a_subject_too_long_to_notify_does_not_fail_the_write(lib):
    lib.execute("create table public.tags (name text primary key)")
    channel = scalar(
        lib,
        "select pgshift_define.define_subscription_triggers('public.tags', subject_column => 'name')",
    )
    with psycopg.connect(lib.info.dsn, autocommit=True) as listener:
        listener.execute(sql.SQL("listen {}").format(sql.Identifier(channel)))
        lib.execute("insert into public.tags values (repeat('é', 4000)), ('short')")
        payloads = [json.loads(n.payload) for n in listener.notifies(timeout=2.0, stop_after=2)]
    assert payloads == [
        {"event": "insert", "subject": None, "truncated": True},
        {"event": "insert", "subject": "short"},
    ]


def test_allowed_values_with_a_null_are_refused(lib):
    state, message = sqlstate_of(
        lib, "select pgshift_utils.validation_allowed_value('x', array['a', null])"
    )
    assert (state, message) == (
        "PS001",
        "pgshift_utils.validation_allowed_value: allowed_values must not contain NULL",
    )
