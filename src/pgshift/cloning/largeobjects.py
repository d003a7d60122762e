"""Large objects: created with their OIDs, owners (with --owners), privileges and comments,
their bytes copied, and both checked.

pg_dump leaves large objects out of a `--schema-only` archive, so pgshift reads them itself from
`pg_largeobject_metadata` in the snapshot. In a full clone their creation (`lo_create` with the
source's OID, `ALTER LARGE OBJECT ... OWNER TO`, the grants, `COMMENT ON LARGE OBJECT`) runs in
the schema's transaction, so a missing role stops the clone before anything is written; their
bytes follow in the data phase, in one transaction with its done mark (`lo_get` in pieces on the
source, `lo_put` on the target: no privilege on `pg_largeobject` itself is needed). With
--data-only the creation runs in that transaction too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from ..queries import read_query
from ..sqltext import literal
from .state import step_done_sql

STEP = "large-objects"
PIECE_BYTES = 256 * 1024  # read and written in pieces of this size
BATCH_OBJECTS = 64  # large objects read per query


@dataclass(frozen=True)
class LargeObject:
    """A large object's metadata: `grants` is None when it has the default privileges."""

    oid: int
    owner: str
    grants: tuple[tuple[str, str, bool], ...] | None  # (grantee, privilege, grantable)
    comment: str | None

    def grants_as_seen(self, new_owner: str | None = None) -> frozenset[tuple[str, str, bool]]:
        """The privileges in force, the owner named `<owner>` (the default: the owner's own),
        one per grantee and privilege (grantable if any grant of it is).

        `new_owner`: the role that will own the object instead (a clone without --owners, see
        `creation_sql`), whose grants then become the owner's, as they do in the clone.
        """
        if self.grants is None:
            return frozenset({("<owner>", "SELECT", False), ("<owner>", "UPDATE", False)})
        seen: dict[tuple[str, str], bool] = {}
        for grantee, privilege, grantable in self.grants:
            who = "<owner>" if grantee in (self.owner, new_owner) else grantee
            seen[(who, privilege)] = seen.get((who, privilege), False) or grantable
        return frozenset((who, what, grantable) for (who, what), grantable in seen.items())


def load_large_objects(conn: psycopg.Connection[Any]) -> list[LargeObject]:
    """Every large object's metadata, by OID."""
    return [
        LargeObject(
            int(oid),
            owner,
            None if grants is None else tuple((g[0], g[1], g[2] == "true") for g in grants),
            comment,
        )
        for oid, owner, grants, comment in conn.execute(read_query("cloning", "large_objects"))
    ]


def creation_sql(objects: Sequence[LargeObject], *, owners: bool) -> str:
    """The statements that create `objects` with their owners (`owners`), grants and comments.

    Without `owners` the objects belong to the role that runs them: the source owner's own
    privileges are given to that role (CURRENT_USER) instead.
    """
    if not objects:
        return ""
    oids = sql.SQL(", ").join(literal(o.oid) for o in objects)
    lines = [
        sql.SQL(
            "SELECT count(pg_catalog.lo_create(o)) FROM pg_catalog.unnest(ARRAY[{}]::oid[]) o"
        ).format(oids)
    ]
    for obj in objects:
        target = sql.SQL("LARGE OBJECT {}").format(literal(obj.oid))
        owner = sql.Identifier(obj.owner) if owners else sql.SQL("CURRENT_USER")
        if owners:
            lines.append(sql.SQL("ALTER {} OWNER TO {}").format(target, owner))
        if obj.grants is not None:
            lines.append(sql.SQL("REVOKE ALL ON {} FROM {}").format(target, owner))
            for grantee, privilege, grantable in obj.grants:
                to = (
                    owner
                    if grantee == obj.owner
                    else sql.SQL("PUBLIC")
                    if grantee == ""
                    else sql.Identifier(grantee)
                )
                lines.append(
                    sql.SQL("GRANT {} ON {} TO {}{}").format(
                        sql.SQL("SELECT" if privilege == "SELECT" else "UPDATE"),
                        target,
                        to,
                        sql.SQL(" WITH GRANT OPTION" if grantable else ""),
                    )
                )
        if obj.comment is not None:
            lines.append(sql.SQL("COMMENT ON {} IS {}").format(target, literal(obj.comment)))
    header = "-- Name: large objects; Type: LARGE OBJECTS; Schema: -; Owner: -\n"
    return header + "".join(f"{line.as_string(None)};\n" for line in lines)


def _pieces(conn: psycopg.Connection[Any], oids: Sequence[int]) -> Iterator[tuple[int, int, bytes]]:
    """(oid, offset, bytes) of every piece of the large objects `oids`, in order per object."""
    query = "SELECT o::bigint, pg_catalog.lo_get(o, %s, %s) FROM pg_catalog.unnest(%s::oid[]) o"
    for start in range(0, len(oids), BATCH_OBJECTS):
        todo = list(oids[start : start + BATCH_OBJECTS])
        offset = 0
        while todo:
            rows = conn.execute(query, [offset, PIECE_BYTES, todo]).fetchall()
            todo = []
            for oid, piece in rows:
                data = bytes(piece)
                yield int(oid), offset, data
                if len(data) == PIECE_BYTES:
                    todo.append(int(oid))
            offset += PIECE_BYTES


def copy_large_objects(
    objects: Sequence[LargeObject],
    *,
    reader: psycopg.Connection[Any],
    writer: psycopg.Connection[Any],
    create: str = "",
    on_piece: Callable[[int], None] = lambda _: None,
) -> int:
    """Copy the bytes of `objects` (created already, or by `create`, run first) in one
    transaction with the done mark; return how many bytes. `reader` reads in the snapshot."""
    total = 0
    with writer.transaction():
        if create:
            writer.execute(create)
        present = {
            int(r[0]) for r in writer.execute("SELECT oid::bigint FROM pg_largeobject_metadata")
        }
        missing = [o.oid for o in objects if o.oid not in present]
        if missing:  # new on the source since an interrupted run: verification names them
            writer.execute(
                "SELECT count(pg_catalog.lo_create(o)) FROM pg_catalog.unnest(%s::oid[]) o",
                [missing],
            )
        with writer.cursor() as cursor:
            batch: list[tuple[int, int, bytes]] = []
            for oid, offset, data in _pieces(reader, [o.oid for o in objects]):
                if data:
                    batch.append((oid, offset, data))
                    total += len(data)
                if len(batch) >= BATCH_OBJECTS:
                    cursor.executemany("SELECT pg_catalog.lo_put(%s, %s, %b)", batch)
                    on_piece(total)
                    batch = []
            if batch:
                cursor.executemany("SELECT pg_catalog.lo_put(%s, %s, %b)", batch)
        writer.execute(step_done_sql(STEP))
    on_piece(total)
    return total


@dataclass(frozen=True)
class LargeObjectsCheck:
    """What verification compares: metadata per OID, and the contents' count and checksum."""

    metadata: dict[int, tuple[str | None, frozenset[tuple[str, str, bool]], str | None]]
    count: int
    size: int
    checksum: int


def check_large_objects(
    conn: psycopg.Connection[Any], *, owners: bool, new_owner: str | None = None
) -> LargeObjectsCheck:
    """Read every large object whole, in pieces: the sum of a hash of each piece (with its OID
    and offset), their size, and the metadata (owner only with `owners`).

    `new_owner`: on the source of a clone without `owners`, the role that owns the objects on
    the target: its grants are compared as the owner's, as `creation_sql` makes them.
    """
    objects = load_large_objects(conn)
    mapped = None if owners else new_owner
    metadata = {
        o.oid: (o.owner if owners else None, o.grants_as_seen(mapped), o.comment) for o in objects
    }
    size = checksum = 0
    for oid, offset, data in _pieces(conn, [o.oid for o in objects]):
        digest = hashlib.blake2b(f"{oid}:{offset}:".encode() + data, digest_size=8).digest()
        checksum = (checksum + int.from_bytes(digest, "big")) % 2**64
        size += len(data)
    return LargeObjectsCheck(metadata, len(objects), size, checksum)


def differences(source: LargeObjectsCheck, target: LargeObjectsCheck) -> list[str]:
    """What differs between the two sides, for verification's list."""
    problems = []
    if (source.count, source.size, source.checksum) != (target.count, target.size, target.checksum):
        problems.append(
            f"large objects: source {source.count} ({source.size} bytes, checksum "
            f"{source.checksum}), target {target.count} ({target.size} bytes, checksum "
            f"{target.checksum})"
        )
    differ = sorted(
        oid
        for oid in source.metadata.keys() | target.metadata.keys()
        if source.metadata.get(oid) != target.metadata.get(oid)
    )
    if differ:
        listed = ", ".join(str(oid) for oid in differ[:10]) + (" ..." if len(differ) > 10 else "")
        problems.append(f"large objects whose owner, privileges or comment differ: {listed}")
    return problems
