"""clone across servers: an older PostgreSQL 15 target, password authentication."""

from __future__ import annotations

import psycopg
import pytest

from pgshift.cloning import clone
from pgshift.errors import CloneError, ConnectionFailedError

from .helpers import contents


def test_older_target_lacking_a_feature_is_refused_before_any_write(database, pg15):
    with psycopg.connect(database, autocommit=True) as conn:
        # virtual generated columns are new in PostgreSQL 18
        conn.execute("create table shapes (side int, area int generated always as (side * side))")
        conn.execute("insert into shapes (side) values (3)")
    target = pg15.create_database("older_feature")
    with pytest.raises(CloneError) as err:
        clone(database, target)
    message = str(err.value)
    assert message.startswith("the target cannot hold the source's schema (source PostgreSQL 18")
    assert "target PostgreSQL 15" in message
    assert "(in TABLE public.shapes)" in message
    assert message.endswith("nothing was written to the target")
    assert pg15.dsn("x").split("@")[0].split(":")[-1] not in message  # no password
    with psycopg.connect(target, autocommit=True) as conn:
        tables = conn.execute(
            "select count(*) from pg_class where relnamespace = 'public'::regnamespace"
        ).fetchone()
        schemas = conn.execute("select count(*) from pg_namespace where nspname = 'pgshift_clone'")
        assert (tables, schemas.fetchone()) == ((0,), (0,))


def test_clone_into_an_older_server_when_the_schema_allows(database, pg15):
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("""
            create table item (id bigint generated always as identity primary key,
                               label text not null unique, price numeric check (price > 0));
            create function item_label(i item) returns text language sql as $$ select i.label $$;
            insert into item (label, price) select 'item ' || n, n from generate_series(1, 50) n;
        """)
    target = pg15.create_database("older_ok")
    result = clone(database, target)
    assert result.verified
    assert contents(target) == contents(database)


def test_wrong_password_is_a_clear_redacted_error(database, pg15):
    target = pg15.dsn("postgres", password="not-the-password")
    with pytest.raises(ConnectionFailedError) as err:
        clone(database, target)
    message = str(err.value)
    assert message.startswith("target: could not connect to postgres@127.0.0.1:")
    assert "password authentication failed" in message
    assert "not-the-password" not in message


def test_clone_from_an_older_server(pg15, target):
    source = pg15.create_database("older_source")
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("""
            create type status as enum ('new', 'done');
            create table task (id serial primary key, title text not null,
                               state status not null default 'new',
                               tags text[], due date check (due > '2000-01-01'));
            create index task_open on task (due) where state = 'new';
            insert into task (title, tags, due)
                select 'task ' || n, array['a', 'b'], date '2024-01-01' + n
                from generate_series(1, 40) n;
        """)
    result = clone(source, target)
    assert result.verified
    assert contents(target) == contents(source)


def _rehearsals(monkeypatch) -> list[str]:
    """What each clone tries and rolls back in the schema's transaction."""
    from pgshift.cloning import run

    seen: list[str] = []
    real = run.schema_head

    def capture(*args, **kwargs):
        seen.append(kwargs["rehearsed"])
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "schema_head", capture)
    return seen


def test_foreign_keys_are_rehearsed_only_for_an_older_target(database, target, pg15, monkeypatch):
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("""
            create table parent (id int primary key);
            create table child (id int primary key, parent_id int references parent);
            create trigger child_noop before update on child
                for each row execute function suppress_redundant_updates_trigger();
            insert into parent values (1), (2);
            insert into child values (1, 1), (2, 2);
        """)
    rehearsed = _rehearsals(monkeypatch)
    assert clone(database, target).verified  # same major version
    assert clone(database, pg15.create_database("older_keys")).verified
    same, older = rehearsed
    assert "FOREIGN KEY" not in same
    assert "CREATE TRIGGER child_noop" in same  # everything else still is
    assert "ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id)" in older
