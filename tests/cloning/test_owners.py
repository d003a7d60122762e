"""clone --owners: objects keep their source owners, or the clone stops before writing."""

from __future__ import annotations

import os

import psycopg
import pytest

from pgshift.cli.main import main
from pgshift.cloning import CloneOptions, Mode, clone
from pgshift.cloning import state as clone_state
from pgshift.errors import CloneError

# Roles belong to the whole server, which other test processes share.
OWNER = f"pgshift_clone_owner_{os.getpid()}"

OWNED = f"""
    create schema ledger authorization {OWNER};
    create table ledger.entry (id serial primary key, amount numeric not null);
    alter table ledger.entry owner to {OWNER};
    create view ledger.total as select sum(amount) as amount from ledger.entry;
    alter view ledger.total owner to {OWNER};
    create function ledger.double(x numeric) returns numeric language sql as 'select x * 2';
    alter function ledger.double(numeric) owner to {OWNER};
    create table public.plain (id int);
    insert into ledger.entry (amount) select n from generate_series(1, 20) n;
"""

OWNERS_QUERY = """
    select 'schema ledger', nspowner::regrole::text from pg_namespace where nspname = 'ledger'
    union all
    select relname, relowner::regrole::text from pg_class
     where relnamespace in ('ledger'::regnamespace, 'public'::regnamespace)
       and relkind in ('r', 'v', 'S')
    union all
    select proname, proowner::regrole::text from pg_proc where pronamespace = 'ledger'::regnamespace
    order by 1
"""


@pytest.fixture
def owned_source(pg, database, shadow_database):
    # Asks for the target (shadow_database) too, so that both databases outlive this fixture
    # and the role can be dropped after what it owns in each.
    with pg.connect() as conn:
        conn.execute(f"drop role if exists {OWNER}")
        conn.execute(f"create role {OWNER} nologin")
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(OWNED)
    yield database
    for dsn in (database, shadow_database):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"drop owned by {OWNER}")
    with pg.connect() as conn:
        conn.execute(f"drop role {OWNER}")


def _owners(dsn: str) -> list[tuple[str, str]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return [(row[0], row[1]) for row in conn.execute(OWNERS_QUERY)]


def test_owners_are_kept_and_verified(owned_source, target):
    result = clone(owned_source, target, CloneOptions(owners=True))
    assert result.verified and result.schema_check == "diff+pg_dump"
    assert (
        _owners(target)
        == _owners(owned_source)
        == [
            ("double", OWNER),
            ("entry", OWNER),
            ("entry_id_seq", OWNER),
            ("plain", "postgres"),
            ("schema ledger", OWNER),
            ("total", OWNER),
        ]
    )


def test_without_owners_everything_belongs_to_the_connecting_role(owned_source, target):
    clone(owned_source, target)
    assert {owner for _, owner in _owners(target)} == {"postgres"}


def test_resume_must_repeat_the_owners_choice(source, target):
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(clone_state.create_state_sql(CloneOptions().mode, owners=True))
    with pytest.raises(CloneError) as err:
        clone(source, target, CloneOptions(resume=True))
    assert str(err.value) == (
        "the interrupted clone in the target was started with --owners; "
        "resume it with the same options"
    )


def test_cli_refuses_owners_with_data_only(source, target, capsys):
    code = main(["clone", source, target, "--data-only", "--owners"])
    assert code == 64
    assert capsys.readouterr().err == (
        "pgshift: error: --owners sets the owners of the objects clone creates; "
        "--data-only creates none\n"
    )


def test_an_owner_missing_on_the_target_stops_the_clone_before_any_write(owned_source, pg15):
    target = pg15.create_database("owners_missing")
    with pytest.raises(CloneError) as err:
        clone(owned_source, target, CloneOptions(owners=True))
    message = str(err.value)
    assert f'role "{OWNER}" does not exist' in message, message
    assert message.endswith("nothing was written to the target")
    with psycopg.connect(target, autocommit=True) as conn:
        found = conn.execute(
            "select count(*) from pg_namespace where nspname in ('ledger', 'pgshift_clone')"
        ).fetchone()
    assert found == (0,)


def test_the_api_refuses_owners_with_data_only():
    with pytest.raises(ValueError, match="--data-only creates none"):
        CloneOptions(mode=Mode.DATA_ONLY, owners=True)
