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
from psycopg import sql

from ..sqltext import ident, literal
from .catalog import Table
from .options import Mode
from .plan import Chunk
from .schema import STATE_SCHEMA

PHASES = ("pre-data", "data", "post-data", "finish")

_STATE = ident(STATE_SCHEMA)

_CREATE = sql.SQL("""
create schema {state};
create table {state}.run (mode text not null, phase text not null,
                          owners boolean not null default false,
                          started timestamptz not null default now());
create table {state}.chunks (schema text, name text, idx int, count int not null,
                             first_page bigint, end_page bigint,
                             done boolean not null default false,
                             primary key (schema, name, idx));
create table {state}.steps (step text primary key);
comment on schema {state} is
    'pgshift clone in progress: finish it with pgshift clone --resume';
""").format(state=_STATE)


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
        sql.SQL(
            "select mode, phase, coalesce((to_jsonb(r) ->> 'owners')::boolean, false) from {}.run r"
        ).format(_STATE)
    ).fetchone()
    if found is None:
        return State(Mode.FULL, "pre-data")
    return State(Mode(found[0]), found[1], found[2])


def create_state_sql(mode: Mode, *, owners: bool = False) -> str:
    """The statements that create the resume state of a clone starting its pre-data phase."""
    insert = sql.SQL("insert into {}.run (mode, phase, owners) values ({}, 'pre-data', {});\n")
    return (_CREATE + insert.format(_STATE, literal(mode.value), literal(owners))).as_string(None)


def set_phase_sql(phase: str) -> str:
    return sql.SQL("update {}.run set phase = {}").format(_STATE, literal(phase)).as_string(None)


def set_phase(conn: psycopg.Connection[Any], phase: str) -> None:
    conn.execute(set_phase_sql(phase))


def save_chunks(conn: psycopg.Connection[Any], chunks: Sequence[Chunk]) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            sql.SQL(
                "insert into {}.chunks (schema, name, idx, count, first_page, end_page)"
                " values (%s, %s, %s, %s, %s, %s)"
            ).format(_STATE),
            [
                (c.table.schema, c.table.name, c.index, c.count, c.first_page, c.end_page)
                for c in chunks
            ],
        )


def save_chunks_sql(chunks: Sequence[Chunk]) -> str:
    """`save_chunks` as statements, for a transaction the caller runs (the schema's)."""
    if not chunks:
        return ""
    rows = sql.SQL(", ").join(
        sql.SQL("({})").format(
            sql.SQL(", ").join(
                literal(v)
                for v in (c.table.schema, c.table.name, c.index, c.count, c.first_page, c.end_page)
            )
        )
        for c in chunks
    )
    insert = sql.SQL(
        "insert into {}.chunks (schema, name, idx, count, first_page, end_page) values {};\n"
    )
    return insert.format(_STATE, rows).as_string(None)


def load_chunks(
    conn: psycopg.Connection[Any], tables: Sequence[Table]
) -> tuple[list[Chunk], set[tuple[str, str, int]]]:
    """The saved chunk plan (against today's tables) and the chunks already copied."""
    by_name = {(t.schema, t.name): t for t in tables}
    rows = conn.execute(
        sql.SQL(
            "select schema, name, idx, count, first_page, end_page, done"
            " from {}.chunks order by schema, name, idx"
        ).format(_STATE)
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
    table = chunk.table
    mark = sql.SQL("UPDATE {}.chunks SET done = true WHERE schema = {} AND name = {} AND idx = {};")
    values = (literal(table.schema), literal(table.name), literal(int(chunk.index)))
    return mark.format(_STATE, *values).as_string(None) + "\n"


def chunks_done_sql(chunks: Sequence[Chunk]) -> str:
    """`chunk_done_sql` for many chunks, as one statement."""
    keys = sql.SQL(", ").join(
        sql.SQL("({}, {}, {})").format(
            literal(c.table.schema), literal(c.table.name), literal(int(c.index))
        )
        for c in chunks
    )
    mark = sql.SQL("UPDATE {}.chunks SET done = true WHERE (schema, name, idx) IN ({});\n")
    return mark.format(_STATE, keys).as_string(None)


def step_done_sql(step: str) -> str:
    mark = sql.SQL("INSERT INTO {}.steps (step) VALUES ({});\n")
    return mark.format(_STATE, literal(step)).as_string(None)


def steps_done_sql(steps: Sequence[str]) -> str:
    """`step_done_sql` for many steps, as one statement."""
    if not steps:
        return ""
    rows = sql.SQL(", ").join(sql.SQL("({})").format(literal(step)) for step in steps)
    return sql.SQL("INSERT INTO {}.steps (step) VALUES {};\n").format(_STATE, rows).as_string(None)


def done_steps(conn: psycopg.Connection[Any]) -> set[str]:
    return {r[0] for r in conn.execute(sql.SQL("select step from {}.steps").format(_STATE))}


def drop_state(conn: psycopg.Connection[Any]) -> None:
    conn.execute(sql.SQL("drop schema if exists {} cascade").format(_STATE))
