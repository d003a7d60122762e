"""Audit triggers: timestamps, users, owner, propagation to a parent, audit columns."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from psycopg import sql

from pgshift import session

from .helpers import HOSTILE, acting_as, scalar, sqlstate_of

ALICE = uuid.UUID(int=1)
BOB = uuid.UUID(int=2)


@pytest.fixture
def notes(lib):
    lib.execute(
        "create table public.notes (id int primary key, body text,"
        " created_at timestamptz, updated_at timestamptz)"
    )
    lib.execute("select pgshift_define.define_timestamps_trigger('public.notes')")
    return lib


@pytest.mark.parametrize(
    "zone", ["UTC", "Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu"]
)
def test_timestamps_are_right_in_any_time_zone(notes, zone):
    lib = notes
    lib.execute(sql.SQL("set timezone to {}").format(sql.Literal(zone)))
    with lib.transaction():
        lib.execute("insert into public.notes (id, body, created_at) values (1, 'a', '2000-01-01')")
        now = scalar(lib, "select now()")
        row = lib.execute("select created_at, updated_at from public.notes").fetchone()
    assert row == (now, now)  # the supplied created_at is overwritten
    lib.execute("set timezone to 'UTC'")
    assert scalar(lib, "select created_at from public.notes") == now
    assert now.utcoffset() is not None
    assert abs(dt.datetime.now(dt.timezone.utc) - now) < dt.timedelta(minutes=5)


def test_updated_at_strictly_increases_and_created_at_is_kept(notes):
    lib = notes
    lib.execute("insert into public.notes (id, body) values (1, 'a')")
    created = scalar(lib, "select created_at from public.notes")
    seen = [scalar(lib, "select updated_at from public.notes")]
    with lib.transaction():  # one transaction: now() does not move
        for i in range(3):
            lib.execute(
                "update public.notes set body = %s, created_at = now() + interval '1 day'", [str(i)]
            )
            seen.append(scalar(lib, "select updated_at from public.notes"))
    assert all(a < b for a, b in zip(seen, seen[1:], strict=False))
    assert seen[2] - seen[1] == dt.timedelta(microseconds=1)
    assert scalar(lib, "select created_at from public.notes") == created
    # A value in the future (clock skew) still moves forward.
    lib.execute("alter table public.notes disable trigger pgshift_timestamps")
    lib.execute("update public.notes set updated_at = now() + interval '1 hour'")
    lib.execute("alter table public.notes enable trigger pgshift_timestamps")
    future = scalar(lib, "select updated_at from public.notes")
    lib.execute("update public.notes set body = 'x'")
    assert scalar(lib, "select updated_at from public.notes") == future + dt.timedelta(
        microseconds=1
    )


def test_timestamps_need_timestamptz_columns(lib):
    lib.execute("create table public.t (created_at timestamp, updated_at timestamptz)")
    state, message = sqlstate_of(lib, "select pgshift_define.define_timestamps_trigger('public.t')")
    assert state == "PS003"
    assert message == (
        "pgshift_define.define_timestamps_trigger: column created_at of public.t is"
        " timestamp without time zone; it must be timestamp with time zone"
    )
    lib.execute("select pgshift_define.drop_timestamps_trigger('public.t')")  # nothing to drop


def test_users_and_owner_triggers(lib):
    lib.execute(
        "create table public.docs (id int primary key, body text, user_id uuid,"
        " created_by uuid, updated_by uuid)"
    )
    lib.execute("select pgshift_define.define_users_trigger('public.docs')")
    lib.execute("select pgshift_define.define_user_id_trigger('public.docs')")
    with session.transaction(lib, user_id=ALICE):
        lib.execute(
            "insert into public.docs (id, body, user_id, created_by) values (1, 'a', %s, %s)",
            [BOB, BOB],
        )
    assert lib.execute("select user_id, created_by, updated_by from public.docs").fetchone() == (
        ALICE,
        ALICE,
        ALICE,
    )
    with session.transaction(lib, user_id=BOB):
        lib.execute("update public.docs set body = 'b', user_id = %s, created_by = %s", [BOB, BOB])
    assert lib.execute("select user_id, created_by, updated_by from public.docs").fetchone() == (
        ALICE,
        ALICE,
        BOB,
    )
    # Without a session user (a migration or seed script) the owner written is kept.
    lib.execute("insert into public.docs (id, user_id) values (2, %s)", [BOB])
    assert lib.execute("select user_id, created_by from public.docs where id = 2").fetchone() == (
        BOB,
        None,
    )
    lib.execute("select pgshift_define.drop_users_trigger('public.docs')")
    lib.execute("select pgshift_define.drop_user_id_trigger('public.docs')")
    assert (
        scalar(lib, "select count(*) from pg_trigger where tgrelid = 'public.docs'::regclass") == 0
    )


def test_owner_column_must_be_uuid(lib):
    lib.execute("create table public.t (user_id bigint)")
    assert (
        sqlstate_of(lib, "select pgshift_define.define_user_id_trigger('public.t')")[0] == "PS003"
    )


def test_timestamp_propagation_with_hostile_names(lib):
    parent = sql.Identifier(HOSTILE)
    lib.execute(
        sql.SQL(
            "create schema {p}; create table {p}.{p} ({p} text primary key,"
            " created_at timestamptz, updated_at timestamptz);"
            " create table public.child (id int primary key, {p} text references {p}.{p})"
        ).format(p=parent)
    )
    parent_table = sql.SQL("{p}.{p}").format(p=parent).as_string(lib)
    lib.execute("select pgshift_define.define_timestamps_trigger(%s::regclass)", [parent_table])
    name = scalar(
        lib,
        "select pgshift_define.define_timestamp_propagation('public.child', %s::regclass, %s, %s)",
        [parent_table, HOSTILE, HOSTILE],
    )
    assert name == f"pgshift_propagate_{HOSTILE}"
    lib.execute(sql.SQL("insert into {p}.{p} ({p}) values ('a'), ('b')").format(p=parent))

    def stamp(key):
        return scalar(
            lib, sql.SQL("select updated_at from {p}.{p} where {p} = %s").format(p=parent), [key]
        )

    before = stamp("a"), stamp("b")
    lib.execute(sql.SQL("insert into public.child (id, {p}) values (1, 'a')").format(p=parent))
    assert stamp("a") > before[0] and stamp("b") == before[1]
    after_insert = stamp("a")
    lib.execute(sql.SQL("update public.child set {p} = 'b'").format(p=parent))  # moves: both
    assert stamp("a") > after_insert and stamp("b") > before[1]
    after_move = stamp("b")
    lib.execute("delete from public.child")
    assert stamp("b") > after_move
    assert scalar(lib, "select to_regclass('public.t')") is None  # nothing was injected
    lib.execute("select pgshift_define.drop_timestamp_propagation('public.child', %s)", [HOSTILE])
    assert (
        scalar(
            lib,
            "select count(*) from pg_trigger where tgrelid = 'public.child'::regclass"
            " and not tgisinternal",
        )
        == 0
    )


def test_propagation_trigger_name_is_checked(lib):
    column = "c" * 50
    lib.execute(
        sql.SQL(
            "create table public.p (id int primary key, updated_at timestamptz);"
            " create table public.c ({} int)"
        ).format(sql.Identifier(column))
    )
    state, message = sqlstate_of(
        lib,
        "select pgshift_define.define_timestamp_propagation('public.c', 'public.p', %s)",
        [column],
    )
    assert state == "PS002" and "trigger_name argument" in message
    assert (
        scalar(
            lib,
            "select pgshift_define.define_timestamp_propagation('public.c', 'public.p', %s,"
            " trigger_name => 'touch_parent')",
            [column],
        )
        == "touch_parent"
    )


def test_audit_columns(lib):
    lib.execute("create table public.t (id int primary key)")
    for _ in range(2):  # repeatable
        lib.execute("select pgshift_define.define_audit_columns('public.t')")
    columns = lib.execute(
        "select attname, format_type(atttypid, atttypmod), attnotnull from pg_attribute"
        " where attrelid = 'public.t'::regclass and attnum > 1 order by attnum"
    ).fetchall()
    assert columns == [
        ("created_at", "timestamp with time zone", True),
        ("updated_at", "timestamp with time zone", True),
        ("created_by", "uuid", False),
        ("updated_by", "uuid", False),
    ]
    triggers = lib.execute(
        "select tgname from pg_trigger where tgrelid = 'public.t'::regclass order by 1"
    ).fetchall()
    assert triggers == [("pgshift_timestamps",), ("pgshift_users",)]
    with session.transaction(lib, user_id=ALICE):
        lib.execute("insert into public.t (id) values (1)")
    assert scalar(lib, "select created_by from public.t") == ALICE


def test_propagation_passes_parent_rls_but_not_its_owners_privileges(lib, make_role):
    role = make_role()
    lib.execute("""
        create table public.projects (id int primary key, created_at timestamptz,
                                      updated_at timestamptz);
        create table public.tasks (id int primary key, project_id int references public.projects);
        insert into public.projects values (1, now(), '2000-01-01');
    """)
    lib.execute(
        "select pgshift_define.define_authentication('{read}', '{admin}', 'public.projects')"
    )
    lib.execute(
        "select pgshift_define.define_timestamp_propagation("
        "'public.tasks', 'public.projects', 'project_id')"
    )
    lib.execute(
        sql.SQL(
            "grant select, update on public.projects to {r}; grant all on public.tasks to {r}"
        ).format(r=sql.Identifier(role))
    )
    # The member may not update projects (RLS), yet adding a task moves the project forward.
    with acting_as(lib, role, permissions=["read"]):
        assert lib.execute("update public.projects set updated_at = now()").rowcount == 0
        lib.execute("insert into public.tasks values (1, 1)")
    assert scalar(lib, "select updated_at > '2001-01-01' from public.projects")

    # A child whose owner may not update the parent is refused, even when attached for it.
    lib.execute(
        sql.SQL(
            "create table public.mine (project_id int); alter table public.mine owner to {r};"
            " revoke update on public.projects from {r}"
        ).format(r=sql.Identifier(role))
    )
    lib.execute(
        "create trigger attached after insert on public.mine for each row execute"
        " function pgshift_utils.tg_propagate_timestamp('public', 'projects',"
        " 'project_id', 'id', 'updated_at', 'integer')"
    )
    state, message = sqlstate_of(lib, "insert into public.mine values (1)")
    assert state == "42501"
    assert message == (
        "pgshift_utils.tg_propagate_timestamp: the owner of public.mine may not"
        " update public.projects.updated_at"
    )
