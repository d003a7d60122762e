"""Change notifications: define_subscription_triggers and tg_notify_subscription, with LISTEN."""

from __future__ import annotations

import json

import psycopg
from psycopg import sql

from .helpers import HOSTILE, scalar, sqlstate_of


def received(listener: psycopg.Connection, count: int) -> list[tuple[str, dict]]:
    out = []
    for note in listener.notifies(timeout=2.0, stop_after=count):
        out.append((note.channel, json.loads(note.payload)))
    return out


def listen(conn: psycopg.Connection, channel: str) -> psycopg.Connection:
    listener = psycopg.connect(conn.info.dsn, autocommit=True)
    listener.execute(sql.SQL("listen {}").format(sql.Identifier(channel)))
    return listener


def test_insert_update_delete_send_event_and_subject(lib):
    lib.execute("create table public.items (id int primary key, name text)")
    channel = scalar(lib, "select pgshift_define.define_subscription_triggers('public.items')")
    assert channel == "public.items"
    triggers = lib.execute(
        "select tgname, pg_get_triggerdef(oid) from pg_trigger"
        " where tgrelid = 'public.items'::regclass order by 1"
    ).fetchall()
    assert [t[0] for t in triggers] == [
        "pgshift_notify_delete",
        "pgshift_notify_insert",
        "pgshift_notify_update",
    ]
    assert triggers[1][1] == (
        "CREATE TRIGGER pgshift_notify_insert AFTER INSERT ON public.items FOR EACH ROW"
        " EXECUTE FUNCTION pgshift_utils.tg_notify_subscription('public.items', 'id')"
    )
    with listen(lib, channel) as listener:
        lib.execute("insert into public.items values (1, 'a'), (2, 'b')")
        lib.execute("update public.items set name = 'c' where id = 2")
        lib.execute("delete from public.items where id = 1")
        assert received(listener, 4) == [
            ("public.items", {"event": "insert", "subject": 1}),
            ("public.items", {"event": "insert", "subject": 2}),
            ("public.items", {"event": "update", "subject": 2}),
            ("public.items", {"event": "delete", "subject": 1}),
        ]


def test_hostile_names_custom_subject_channel_and_events(lib):
    lib.execute(
        sql.SQL("create schema {s}; create table {s}.{t} (code text, {c} int)").format(
            s=sql.Identifier(HOSTILE), t=sql.Identifier(HOSTILE), c=sql.Identifier(HOSTILE)
        )
    )
    table = sql.SQL("{}.{}").format(sql.Identifier(HOSTILE), sql.Identifier(HOSTILE))
    regclass = table.as_string(lib)
    lib.execute(
        "select pgshift_define.define_subscription_triggers(%s::regclass, 'code', 'changes',"
        " ARRAY['insert'])",
        [regclass],
    )
    with listen(lib, "changes") as listener:
        lib.execute(sql.SQL("insert into {} values ('A-1', 1)").format(table))
        lib.execute(sql.SQL("delete from {}").format(table))  # no delete trigger
        lib.execute("notify changes, '{\"end\": true}'")
        assert received(listener, 2) == [
            ("changes", {"event": "insert", "subject": "A-1"}),
            ("changes", {"end": True}),
        ]
    long_name = "t" * 60
    lib.execute(sql.SQL("create table public.{} (id int)").format(sql.Identifier(long_name)))
    # The default channel is schema.table, here over 63 bytes: the error names `channel`.
    state, message = sqlstate_of(
        lib,
        "select pgshift_define.define_subscription_triggers(%s::regclass)",
        [f"public.{long_name}"],
    )
    assert state == "PS002"
    assert message.endswith("pass a shorter name with the channel argument")
    lib.execute(
        "select pgshift_define.define_subscription_triggers(%s::regclass, channel => 'c')",
        [f"public.{long_name}"],
    )


def test_drop_and_errors(lib):
    lib.execute("create table public.items (id int)")
    lib.execute("select pgshift_define.define_subscription_triggers('public.items')")
    lib.execute("select pgshift_define.drop_subscription_triggers('public.items')")
    assert (
        scalar(lib, "select count(*) from pg_trigger where tgrelid = 'public.items'::regclass") == 0
    )
    assert sqlstate_of(
        lib, "select pgshift_define.define_subscription_triggers('public.items', 'nope')"
    ) == (
        "PS003",
        "pgshift_define.define_subscription_triggers: table public.items has no column nope",
    )
    assert (
        sqlstate_of(
            lib,
            "select pgshift_define.define_subscription_triggers('public.items', events => '{truncate}')",
        )[0]
        == "PS001"
    )
    lib.execute(
        "create trigger wrong before insert on public.items for each row"
        " execute function pgshift_utils.tg_notify_subscription('c')"
    )
    assert sqlstate_of(lib, "insert into public.items values (1)")[0] == "PS001"
