"""Large objects: their bytes, OIDs, owners, privileges and comments are copied and verified."""

from __future__ import annotations

import os

import psycopg
import pytest

from pgshift.cloning import CloneOptions, Mode, clone, data, largeobjects
from pgshift.errors import CloneError

from .helpers import contents

# Roles belong to the whole server, which other test processes share.
OWNER = f"pgshift_lo_owner_{os.getpid()}"
READER = f"pgshift_lo_reader_{os.getpid()}"

# 1 000 001 bytes: four pieces of PIECE_BYTES and a short fifth; no byte value left out.
BIG = "select lo_from_bytea(70001, (select string_agg(set_byte('\\x00'::bytea, 0, g % 256), ''"
BIG += "::bytea) from generate_series(0, 1000000) g))"

OBJECTS = f"""
    {BIG};
    select lo_from_bytea(70002, 'hello');
    select lo_create(70003);  -- empty
    select lo_from_bytea(70004, convert_to('owned, shared, described', 'UTF8'));
    comment on large object 70004 is 'the ''fourth'' one';
    alter large object 70004 owner to {OWNER};
    grant select on large object 70004 to {READER};
    grant update on large object 70004 to public;
    grant select on large object 70002 to {READER} with grant option;
    revoke all on large object 70002 from postgres;
"""

# Privileges as a sorted list: the order of the items in lomacl is that of the grants.
METADATA = """
    select m.oid::int, pg_get_userbyid(m.lomowner),
           (select array_agg(a::text order by a::text) from unnest(m.lomacl) a), d.description
    from pg_largeobject_metadata m
    left join pg_description d on d.objoid = m.oid and d.classoid = 'pg_largeobject'::regclass
    order by 1
"""


def _rows(dsn: str, query: str) -> list[tuple]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute(query).fetchall()


def _run(dsn: str, text: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(text)


def _contents(dsn: str) -> list[tuple]:
    return _rows(dsn, "select oid::int, lo_get(oid) from pg_largeobject_metadata order by 1")


@pytest.fixture
def with_objects(pg, source, target):
    with pg.connect() as conn:
        for role in (OWNER, READER):
            conn.execute(f"drop role if exists {role}")
            conn.execute(f"create role {role} nologin")
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(OBJECTS)
    yield source
    for dsn in (source, target):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("select lo_unlink(oid) from pg_largeobject_metadata")
            conn.execute(f"drop owned by {OWNER}, {READER}")
    with pg.connect() as conn:
        conn.execute(f"drop role {OWNER}, {READER}")


def test_large_objects_are_copied_with_owners_privileges_and_comments(with_objects, target):
    result = clone(with_objects, target, CloneOptions(owners=True))
    assert result.verified
    assert _contents(target) == _contents(with_objects)
    big = _rows(target, "select length(lo_get(70001)), lo_get(70001, 999999, 10)")
    assert big == [(1000001, b"\x3f\x40")]
    assert _rows(target, METADATA) == _rows(with_objects, METADATA)
    assert _rows(target, METADATA)[3] == (
        70004,
        OWNER,
        [f"=w/{OWNER}", f"{OWNER}=rw/{OWNER}", f"{READER}=r/{OWNER}"],
        "the 'fourth' one",
    )
    assert contents(target) == contents(with_objects)


def test_without_owners_the_connecting_role_owns_them_with_the_same_grants(with_objects, target):
    clone(with_objects, target)
    rows = _rows(target, METADATA)
    assert [r[1] for r in rows] == ["postgres"] * 4
    assert rows[1][2] == [f"{READER}=r*/postgres"]  # the owner revoked its own rights
    assert rows[3][2:] == (
        ["=w/postgres", f"{READER}=r/postgres", "postgres=rw/postgres"],
        "the 'fourth' one",
    )
    assert (rows[0][2], rows[2][2]) == (None, None)  # default privileges stay the default
    assert _contents(target) == _contents(with_objects)


def test_without_owners_a_grant_to_the_connecting_role_verifies(with_objects, target):
    """The connecting role's grant becomes the owner's own on the target, where it owns the
    object: verification compares the privileges as the clone maps them."""
    _run(
        with_objects,
        f"select lo_from_bytea(70005, 'granted'); alter large object 70005 owner to {OWNER};"
        " grant select on large object 70005 to postgres;"
        " grant update on large object 70005 to postgres with grant option",
    )
    assert clone(with_objects, target).verified
    assert _rows(target, METADATA)[4][:3] == (70005, "postgres", ["postgres=rw*/postgres"])


def test_verification_catches_a_changed_large_object(with_objects, target, monkeypatch):
    real = largeobjects.copy_large_objects

    def copy_then_change(objects, *, reader, writer, **kwargs):
        total = real(objects, reader=reader, writer=writer, **kwargs)
        writer.execute("select lo_put(70002, 0, 'J')")
        return total

    monkeypatch.setattr(data.largeobjects, "copy_large_objects", copy_then_change)
    with pytest.raises(CloneError) as err:
        clone(with_objects, target)
    message = str(err.value)
    assert message.startswith("the clone finished but verification failed")
    assert "\n  - large objects: source 4 (1000030 bytes, checksum " in message, message


def test_verification_catches_a_changed_grant(with_objects, target, monkeypatch):
    real = largeobjects.copy_large_objects

    def copy_then_grant(objects, *, reader, writer, **kwargs):
        total = real(objects, reader=reader, writer=writer, **kwargs)
        writer.execute("grant select on large object 70003 to public")
        return total

    monkeypatch.setattr(data.largeobjects, "copy_large_objects", copy_then_grant)
    with pytest.raises(CloneError) as err:
        clone(with_objects, target)
    assert str(err.value).endswith(
        "\n  - large objects whose owner, privileges or comment differ: 70003"
    )


def test_schema_only_copies_no_large_objects(with_objects, target):
    clone(with_objects, target, CloneOptions(mode=Mode.SCHEMA_ONLY))
    assert _contents(target) == []


def test_data_only_creates_them_and_refuses_a_target_that_has_some(with_objects, target):
    clone(with_objects, target, CloneOptions(mode=Mode.SCHEMA_ONLY))
    result = clone(with_objects, target, CloneOptions(mode=Mode.DATA_ONLY))
    assert result.verified
    assert _contents(target) == _contents(with_objects)
    assert [r[2:] for r in _rows(target, METADATA)] == [
        (None, None),
        ([f"{READER}=r*/postgres"], None),
        (None, None),
        (["=w/postgres", f"{READER}=r/postgres", "postgres=rw/postgres"], "the 'fourth' one"),
    ]
    _rows(target, "select lo_unlink(70001), lo_unlink(70002), lo_unlink(70003)")
    with pytest.raises(CloneError, match="the target has 1 large objects already$"):
        clone(with_objects, target, CloneOptions(mode=Mode.DATA_ONLY))


def test_a_target_holding_a_large_object_is_not_empty(source, target):
    _run(target, "select lo_from_bytea(0, 'x')")
    with pytest.raises(CloneError, match=r"^the target is not empty \(it has large object "):
        clone(source, target)


def test_a_grantee_missing_on_the_target_stops_the_clone_before_any_write(pg, database, pg15):
    with pg.connect() as conn:
        conn.execute(f"drop role if exists {READER}")
        conn.execute(f"create role {READER} nologin")
    try:
        _run(
            database,
            "create table notes (id int primary key);"
            f" select lo_from_bytea(70010, 'x'); grant select on large object 70010 to {READER}",
        )
        target = pg15.create_database("large_objects_grantee")
        with pytest.raises(CloneError) as err:
            clone(database, target)
        message = str(err.value)
        assert f'role "{READER}" does not exist' in message, message
        assert "(in LARGE OBJECTS large objects)" in message
        assert message.endswith("nothing was written to the target")
        assert _rows(target, "select count(*) from pg_largeobject_metadata") == [(0,)]
        assert _rows(target, "select to_regclass('notes') is null") == [(True,)]
    finally:
        _run(database, f"select lo_unlink(70010); drop owned by {READER}")
        with pg.connect() as conn:
            conn.execute(f"drop role {READER}")
