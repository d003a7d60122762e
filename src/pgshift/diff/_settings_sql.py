"""SQL for the settings of `_settings.py`: `ALTER TABLE ... ALTER COLUMN ... SET ...`,
`REPLICA IDENTITY`, `CLUSTER ON`.

Settings are words from fixed lists, mapped here rather than placed as read; options
(`n_distinct=100`) are the server's own text, as a table's storage options are.
"""

from __future__ import annotations

from ..sqltext import ident, literal, qualified
from ._settings import AlterColumnSettings, SetClusterOn, SetReplicaIdentity
from ._sql import Statement, alter_column, join, parenthesized, raw

_STORAGE = {name: name for name in ("plain", "external", "extended", "main")}
_COMPRESSION = {"pglz": "pglz", "lz4": "lz4", None: "default"}
_REPLICA_IDENTITY = {name: name for name in ("default", "full", "nothing")}


def column_settings(change: AlterColumnSettings) -> list[Statement]:
    """One statement per setting that differs; unset ones go back to their default."""
    new, old = change.column, change.old
    prefix = alter_column(change.table, new.name)
    steps: list[Statement | str] = []
    if new.statistics is None and old.statistics is not None:
        steps.append("set statistics -1")  # the default (DEFAULT is PostgreSQL 17's)
    elif new.statistics != old.statistics:
        steps.append(join(["set statistics", literal(new.statistics)]))
    if new.storage != old.storage:
        # Back to the type's own storage (SET STORAGE DEFAULT is PostgreSQL 16's).
        storage = new.storage or old.type_storage or new.type_storage
        steps.append(join(["set storage", _STORAGE[storage or ""]]))
    if new.compression != old.compression:
        steps.append(join(["set compression", _COMPRESSION[new.compression]]))
    gone = [option_name(o) for o in old.options if option_name(o) not in _names(new.options)]
    if gone:
        steps.append(join(["reset", parenthesized(join([raw(n) for n in gone], ", "))]))
    wanted = [o for o in new.options if o not in old.options]
    if wanted:
        steps.append(join(["set", parenthesized(join([raw(o) for o in wanted], ", "))]))
    return [join([prefix, step]) for step in steps]


def replica_identity(change: SetReplicaIdentity) -> list[Statement]:
    t = change.table
    how: Statement | str = (
        join(["using index", ident(t.replica_identity_index)])
        if t.replica_identity_index is not None
        else _REPLICA_IDENTITY[t.replica_identity]
    )
    return [join(["alter table", qualified(t.schema, t.name), "replica identity", how])]


def cluster_on(change: SetClusterOn) -> list[Statement]:
    t = change.table
    how = join(["cluster on", ident(t.cluster_on)]) if t.cluster_on else "set without cluster"
    return [join(["alter table", qualified(t.schema, t.name), how])]


def option_name(option: str) -> str:
    """`n_distinct` of `n_distinct=100`."""
    return option.split("=", 1)[0]


def _names(options: tuple[str, ...]) -> set[str]:
    return {option_name(o) for o in options}
