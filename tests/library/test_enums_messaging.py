"""Enum tables and domains; counter, health, inbox and outbox tables."""

from __future__ import annotations

import json

import psycopg
from psycopg import sql

from .helpers import HOSTILE, scalar, sqlstate_of


def test_enum_table_and_column(lib):
    table = scalar(
        lib,
        "select pgshift_define.define_enum_table('public', 'status',"
        " '{open,closed}', '{Open,Closed}')",
    )
    assert table == "status"
    # Again with a new value and a new description: upserted, nothing removed.
    lib.execute(
        "select pgshift_define.define_enum_table('public', 'status', '{open,archived}',"
        " '{Still open,Archived}')"
    )
    assert lib.execute("select value, description from public.status order by 1").fetchall() == [
        ("archived", "Archived"),
        ("closed", "Closed"),
        ("open", "Still open"),
    ]
    lib.execute("create table public.tickets (id int)")
    for _ in range(2):
        assert (
            scalar(
                lib,
                "select pgshift_define.define_enum_column('public.tickets', 'status',"
                " 'public.status', 'open')",
            )
            == "tickets_status_fkey"
        )
    lib.execute("insert into public.tickets (id) values (1)")
    assert scalar(lib, "select status from public.tickets") == "open"
    assert sqlstate_of(lib, "insert into public.tickets values (2, 'nope')")[0] == "23503"
    assert (
        sqlstate_of(
            lib, "select pgshift_define.define_enum_table('public', 'e', '{a,b}', '{only one}')"
        )[0]
        == "PS001"
    )


def test_enum_domain(lib):
    assert (
        scalar(
            lib,
            "select pgshift_define.define_enum_domain('public', 'priority', '{low,high}')::text",
        )
        == "priority"
    )
    lib.execute("create table public.jobs (p public.priority)")
    lib.execute("insert into public.jobs values ('low')")
    assert sqlstate_of(lib, "insert into public.jobs values ('mid')")[0] == "23514"
    lib.execute("select pgshift_define.define_enum_domain('public', 'priority', '{low,mid,high}')")
    lib.execute("insert into public.jobs values ('mid')")
    # Narrowing the list is checked against the rows already stored.
    assert (
        sqlstate_of(
            lib, "select pgshift_define.define_enum_domain('public', 'priority', '{high}')"
        )[0]
        == "23514"
    )


def test_enum_hostile_names(lib):
    lib.execute(sql.SQL("create schema {}").format(sql.Identifier(HOSTILE)))
    lib.execute("select pgshift_define.define_enum_table(%s, %s, '{a}')", [HOSTILE, HOSTILE])
    lib.execute("select pgshift_define.define_enum_domain(%s, 'd', '{a}')", [HOSTILE])
    assert (
        scalar(
            lib,
            sql.SQL("select count(*) from {}.{}").format(
                sql.Identifier(HOSTILE), sql.Identifier(HOSTILE)
            ),
        )
        == 1
    )


def test_counter(lib):
    lib.execute("select pgshift_define.define_counter_table('public')")
    assert scalar(lib, "select pgshift_utils.increment_counter('public.counters', 'hits')") == 1
    assert (
        scalar(lib, "select pgshift_utils.increment_counter('public.counters', 'hits', 41)") == 42
    )
    assert lib.execute("select * from public.counters").fetchall() == [("hits", 42)]


def test_health_table_notifies(lib):
    lib.execute("select pgshift_define.define_health_table('public')")
    with psycopg.connect(lib.info.dsn, autocommit=True) as listener:
        listener.execute('listen "public.health"')
        lib.execute("insert into public.health (component, status) values ('db', 'ok')")
        lib.execute("update public.health set status = 'degraded'")
        notes = [json.loads(n.payload) for n in listener.notifies(timeout=2, stop_after=2)]
    assert notes == [{"event": "insert", "subject": "db"}, {"event": "update", "subject": "db"}]
    assert sqlstate_of(lib, "update public.health set status = 'bad'")[0] == "23514"


def test_outbox_hands_out_the_oldest_open_message_per_segment(lib):
    assert scalar(lib, "select pgshift_define.define_outbox_table('public')") == "outbox"
    lib.execute("select pgshift_define.define_outbox_table('public')")  # repeatable
    lib.execute(
        "insert into public.outbox (segment, message_type) values"
        " ('order-1', 'a1'), ('order-2', 'b1'), ('order-1', 'a2'), (NULL, 'n1'), (NULL, 'n2')"
    )

    def types(rows):
        return [r[0] for r in rows]

    with lib.transaction():
        first = lib.execute("select message_type from public.outbox_next_messages()").fetchall()
        assert types(first) == ["a1", "b1", "n1", "n2"]
        # Meanwhile a second worker skips everything locked, including segments in flight.
        with psycopg.connect(lib.info.dsn) as worker:
            rows = worker.execute(
                "select message_type from public.outbox_next_messages(10)"
            ).fetchall()
            assert rows == []
            assert (
                sqlstate_of(worker, "select * from public.outbox_next_messages(10, false)")[0]
                == "55P03"
            )
        lib.execute("update public.outbox set processed_at = now() where message_type = 'a1'")
    assert types(lib.execute("select message_type from public.outbox_next_messages(2)")) == [
        "b1",
        "a2",
    ]


def test_inbox_receives_once(lib):
    lib.execute("select pgshift_define.define_inbox_table('public', 'inbox')")
    message_id = "6f9619ff-8b86-d011-b42d-00cf4fc964ff"
    for _ in range(2):
        lib.execute(
            "insert into public.inbox (id, message_type) values (%s, 'x')"
            " on conflict (id) do nothing",
            [message_id],
        )
    assert scalar(lib, "select count(*) from public.inbox_next_messages()") == 1
    assert sqlstate_of(lib, "insert into public.inbox (message_type) values ('y')")[0] == "23502"
    long = "i" * 55
    state, message = sqlstate_of(
        lib, "select pgshift_define.define_inbox_table('public', %s)", [long]
    )
    assert state == "PS002" and "table_name argument" in message
