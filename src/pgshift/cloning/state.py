"""Resume state, kept in the target itself (schema `pgshift_clone`) and dropped at the end.

Keeping it in the target means a chunk's "done" mark commits in the same transaction as the
chunk's rows: after a kill -9 a chunk is either fully there and marked, or absent and unmarked.
Nothing is kept on the machine that ran the clone, so `--resume` works from anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from ..sqltext import quote_literal
from .catalog import Table
from .options import Mode
from .plan import Chunk
from .schema import STATE_SCHEMA

PHASES = ("pre-data", "data", "post-data", "finish")

_CREATE = f"""
create schema {STATE_SCHEMA};
create table {STATE_SCHEMA}.run (mode text not null, phase text not null,
                                 owners boolean not null default false,
                                 started timestamptz not null default now());
create table {STATE_SCHEMA}.chunks (schema text, name text, idx int, count int not null,
                                    first_page bigint, end_page bigint,
                                    done boolean not null default false,
                                    primary key (schema, name, idx));
create table {STATE_SCHEMA}.steps (step text primary key);
comment on schema {STATE_SCHEMA} is
    'pgshift clone in progress: finish it with pgshift clone --resume';
"""


@dataclass(frozen=True)
class State:
    mode: Mode
    phase: str
    owners: bool = False


def read_state(conn: psycopg.Connection[Any]) -> State | None:
    """The state of an interrupted clone in the target, or None."""
    row = conn.execute(
        "select 1 from pg_catalog.pg_namespace where nspname = %s", [STATE_SCHEMA]
    ).fetchone()
    if row is None:
        return None
    # Read through to_jsonb so that a state written before `owners` existed still reads.
    found = conn.execute(
        f"select mode, phase, coalesce((to_jsonb(r) ->> 'owners')::boolean, false)"  # noqa: S608
        f" from {STATE_SCHEMA}.run r"
    ).fetchone()
    if found is None:
        return State(Mode.FULL, "pre-data")
    return State(Mode(found[0]), found[1], found[2])


def create_state_sql(mode: Mode, *, owners: bool = False) -> str:
    """The statements that create the resume state of a clone starting its pre-data phase."""
    return (
        f"{_CREATE}insert into {STATE_SCHEMA}.run (mode, phase, owners)"  # noqa: S608
        f" values ({quote_literal(mode.value)}, 'pre-data', {'true' if owners else 'false'});\n"
    )


def set_phase_sql(phase: str) -> str:
    return f"update {STATE_SCHEMA}.run set phase = {quote_literal(phase)}"  # noqa: S608


def set_phase(conn: psycopg.Connection[Any], phase: str) -> None:
    conn.execute(set_phase_sql(phase))


def save_chunks(conn: psycopg.Connection[Any], chunks: Sequence[Chunk]) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            f"insert into {STATE_SCHEMA}.chunks (schema, name, idx, count, first_page, end_page)"  # noqa: S608
            " values (%s, %s, %s, %s, %s, %s)",
            [
                (c.table.schema, c.table.name, c.index, c.count, c.first_page, c.end_page)
                for c in chunks
            ],
        )


def load_chunks(
    conn: psycopg.Connection[Any], tables: Sequence[Table]
) -> tuple[list[Chunk], set[tuple[str, str, int]]]:
    """The saved chunk plan (against today's tables) and the chunks already copied."""
    by_name = {(t.schema, t.name): t for t in tables}
    rows = conn.execute(
        f"select schema, name, idx, count, first_page, end_page, done"  # noqa: S608
        f" from {STATE_SCHEMA}.chunks order by schema, name, idx"
    ).fetchall()
    chunks, done = [], set()
    for schema, name, idx, count, first, end, is_done in rows:
        table = by_name.get((schema, name))
        if table is None:
            from ..errors import CloneError

            raise CloneError(
                f"cannot resume: the table {schema}.{name} of the interrupted clone is no longer "
                "in the source; drop the target database and clone again"
            )
        chunks.append(Chunk(table, idx, count, first, end))
        if is_done:
            done.add((schema, name, idx))
    return chunks, done


def chunk_key(chunk: Chunk) -> tuple[str, str, int]:
    return (chunk.table.schema, chunk.table.name, chunk.index)


def chunk_done_sql(chunk: Chunk) -> str:
    """The statement a writer runs before COMMIT to mark its chunk copied."""
    return (
        f"UPDATE {STATE_SCHEMA}.chunks SET done = true WHERE schema = "  # noqa: S608
        f"{quote_literal(chunk.table.schema)} AND name = {quote_literal(chunk.table.name)}"
        f" AND idx = {int(chunk.index)};\n"
    )


def step_done_sql(step: str) -> str:
    return f"INSERT INTO {STATE_SCHEMA}.steps (step) VALUES ({quote_literal(step)});\n"  # noqa: S608


def done_steps(conn: psycopg.Connection[Any]) -> set[str]:
    return {r[0] for r in conn.execute(f"select step from {STATE_SCHEMA}.steps")}  # noqa: S608


def drop_state(conn: psycopg.Connection[Any]) -> None:
    conn.execute(f"drop schema if exists {STATE_SCHEMA} cascade")
