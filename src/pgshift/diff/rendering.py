"""Changes -> SQL. Names are quoted through `sqltext`; definitions come from the server as is.

Text the server rendered (types from `format_type`, expressions from `pg_get_expr`, whole
definitions from `pg_get_functiondef` and friends) is trusted SQL and placed verbatim.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatch
from typing import TYPE_CHECKING

from psycopg import sql

from ..errors import UnsafeChangeError
from ..inspect.model import CatalogObject, Constraint, Function, Policy, Privilege, Rule, Trigger
from ..sqltext import ident, literal, qualified
from ._create import CREATORS, create_view, options
from ._sql import (
    Statement,
    alter_column,
    column_definition,
    column_name,
    column_setting_steps,
    comment_on,
    comments,
    grant_target,
    identity_clause,
    join,
    object_name,
    option_name,
    parenthesized,
    raw,
    sequence_options,
    trigger_state,
)
from .changes import (
    AddColumn,
    AddEnumValue,
    AlterColumn,
    AlterColumnSettings,
    AlterComposite,
    AlterDomain,
    AlterSequence,
    AlterTable,
    AttachPartition,
    Change,
    ChangePrivileges,
    CreateObject,
    DetachPartition,
    DropColumn,
    DropObject,
    RebuildType,
    RedoInPlace,
    ReplaceObject,
    SetClusterOn,
    SetColumnDefault,
    SetComment,
    SetOptions,
    SetOwner,
    SetReplicaIdentity,
    SetSequenceOwner,
    SetSequenceValue,
    SetTriggerEnabled,
    UpdateExtension,
)
from .order import order_changes

if TYPE_CHECKING:
    from ..inspect.model import Model


def render(
    changes: Iterable[Change],
    *,
    allow_destructive: bool = False,
    online: bool = False,
    target: Model | None = None,
) -> str:
    """The SQL script that applies `changes`, in dependency order (see `order.py`).

    Each change is preceded by a `--` line describing it. Raises `UnsafeChangeError` when a
    change is destructive (drops, column type changes) unless `allow_destructive` is true.
    Returns an empty string for no changes.

    `online`: the plan for a database in use (see `online.py`): constraints validated apart,
    indexes built concurrently outside transaction blocks, lock comments. `target`, the model
    of the database it runs on (required then: ValueError without it), tells it which tables
    are partitioned, which constraints and partitions exist, and the server's version.
    """
    ordered = order_changes(changes)
    unsafe = [c for c in ordered if c.destructive]
    if unsafe and not allow_destructive:
        listing = "\n".join(f"  - {c.describe()}" for c in unsafe)
        raise UnsafeChangeError(
            f"{len(unsafe)} destructive change(s) refused; allow destructive changes"
            f" (diff --allow-destructive) to include them:\n{listing}",
            changes=unsafe,
        )
    blocks: list[str] = []
    if any(
        isinstance(c, (CreateObject, ReplaceObject)) and isinstance(c.obj, Function)
        for c in ordered
    ):
        # As pg_dump does: SQL function bodies may name objects created later in the script.
        blocks.append("set check_function_bodies = false;\n")
    if online and ordered:
        from .online import render_online

        return render_online(ordered, target, preamble="\n".join(blocks))
    for change in ordered:
        mark = "-- destructive: " if change.destructive else "-- "
        lines = [mark + change.describe()]
        lines += [_text(statement) + ";" for statement in statements(change)]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _text(statement: Statement) -> str:
    return statement.as_string(None)


@singledispatch
def statements(change: Change) -> list[Statement]:
    """The statements of one change."""
    raise TypeError(f"no SQL for {type(change).__name__}")


@statements.register
def _(change: CreateObject) -> list[Statement]:
    obj = change.obj
    return CREATORS[type(obj)](obj, change) + comments(obj)


@statements.register
def _(change: DropObject) -> list[Statement]:
    obj = change.obj
    if isinstance(obj, Constraint):
        return [
            join(
                [
                    "alter table",
                    qualified(obj.schema, obj.table),
                    "drop constraint",
                    ident(obj.name),
                ]
            )
        ]
    if isinstance(obj, (Trigger, Policy, Rule)):
        return [join(["drop", obj.kind, ident(obj.name), "on", qualified(obj.schema, obj.table)])]
    if isinstance(obj, CatalogObject) and obj.drop:
        return [raw(text) for text in obj.drop]
    return [join(["drop", object_name(obj)])]


@statements.register
def _(change: AlterComposite) -> list[Statement]:
    new = {a.name: a for a in change.obj.attributes}
    old = {a.name: a for a in change.old.attributes}
    steps: list[Statement] = [
        join(["drop attribute", ident(name), "cascade"]) for name in old if name not in new
    ]
    for name, attribute in new.items():
        collate: list[Statement | str] = (
            ["collate", raw(attribute.collation)] if attribute.collation else []
        )
        head: list[Statement | str] = ["add attribute", ident(name)]
        if name in old:
            head = ["alter attribute", ident(name), "set data type"]
        if name not in old or attribute != old[name]:
            steps.append(join([*head, raw(attribute.type), *collate, "cascade"]))
    name = qualified(change.obj.schema, change.obj.name)
    return [join(["alter type", name, join(steps, ", ")])]


@statements.register
def _(change: RedoInPlace) -> list[Statement]:
    return [raw(text) for text in (*change.old.reset, *change.obj.create[1:])]


@statements.register
def _(change: SetOptions) -> list[Statement]:
    """Options dropped, changed (SET) and added (ADD); secret ones are in neither side and
    stay as they are."""
    new, old = options(change.obj), options(change.old)
    items = [join(["drop", ident(name)]) for name in old if name not in new]
    items += [
        join(["set" if name in old else "add", ident(name), literal(value)])
        for name, value in new.items()
        if old.get(name) != value
    ]
    target = object_name(change.obj)
    return [join(["alter", target, "options", parenthesized(join(items, ", "))])]


@statements.register
def _(change: ReplaceObject) -> list[Statement]:
    obj = change.obj
    if isinstance(obj, Function):
        return [raw(obj.definition.rstrip())]
    return [create_view(obj, or_replace=True)]


@statements.register
def _(change: AddColumn) -> list[Statement]:
    table = qualified(change.table.schema, change.table.name)
    column = column_definition(change.column, change.identity_sequence)
    result: list[Statement] = [join(["alter table", table, "add column", column])]
    if change.column.comment is not None:
        result.append(
            comment_on(column_name(change.table, change.column.name), change.column.comment)
        )
    return result


@statements.register
def _(change: DropColumn) -> list[Statement]:
    table = qualified(change.table.schema, change.table.name)
    return [join(["alter table", table, "drop column", ident(change.column.name)])]


@statements.register
def _(change: AlterColumn) -> list[Statement]:
    new, old = change.column, change.old
    prefix = alter_column(change.table, new.name)
    steps: list[Statement | str] = []
    if old.generated is not None and new.generated is None:
        steps.append("drop expression")
    if old.identity is not None and new.identity is None:
        steps.append("drop identity")
    default_changes = new.default != old.default
    if change.changes_type:
        if old.default is not None:
            steps.append("drop default")  # the old default may not cast to the new type
            default_changes = new.default is not None
        collate = [sql.SQL("collate"), raw(new.collation)] if new.collation else []
        steps.append(join(["type", raw(new.type), *collate, *_using(change)]))
    if default_changes:
        if new.default is None:
            steps.append("drop default")
        else:
            steps.append(join(["set default", raw(new.default)]))
    if new.not_null != old.not_null:
        steps.append("set not null" if new.not_null else "drop not null")
    if new.identity is not None and new.identity != old.identity:
        if old.identity is None:
            steps.append(join(["add", identity_clause(new.identity, change.identity_sequence)]))
        else:
            steps.append(f"set generated {new.identity}")
    return [join([prefix, step]) for step in steps]


def _using(change: AlterColumn) -> list[Statement | str]:
    """`using "c"::new_type` (through text when the change says so; to the type without its
    length limit for a length-limited one), or nothing for a generated column."""
    if change.by_assignment:
        return []
    new = change.column
    value: list[Statement | str] = (
        [ident(new.name), "text"] if change.via_text else [ident(new.name)]
    )
    return ["using", join([*value, raw(change.cast_to or new.type)], "::")]


@statements.register
def _(change: DetachPartition) -> list[Statement]:
    parent = raw(change.old.partition_of or "")
    table = qualified(change.table.schema, change.table.name)
    return [join(["alter table", parent, "detach partition", table])]


@statements.register
def _(change: AttachPartition) -> list[Statement]:
    t = change.table
    table = qualified(t.schema, t.name)
    result: list[Statement] = [
        join(["alter table", table, "add constraint", ident(c.name), raw(c.definition)])
        for c in change.checks
    ]
    bound = raw(t.partition_bound or "default")
    result.append(
        join(["alter table", raw(t.partition_of or ""), "attach partition", table, bound])
    )
    return result


@statements.register
def _(change: RebuildType) -> list[Statement]:
    obj = change.obj
    rename = join(["alter", object_name(obj), "rename to", ident(change.old_name)])
    return [rename, *CREATORS[type(obj)](obj, change), *comments(obj)]


@statements.register
def _(change: SetColumnDefault) -> list[Statement]:
    default = change.column.default
    step = "drop default" if default is None else join(["set default", raw(default)])
    return [join([alter_column(change.table, change.column.name), step])]


@statements.register
def _(change: AlterTable) -> list[Statement]:
    new, old = change.table, change.old
    table = qualified(new.schema, new.name)
    steps: list[str | Statement] = []
    if new.unlogged != old.unlogged:
        steps.append("set unlogged" if new.unlogged else "set logged")
    if new.row_security != old.row_security:
        steps.append(f"{'enable' if new.row_security else 'disable'} row level security")
    if new.force_row_security != old.force_row_security:
        steps.append(f"{'' if new.force_row_security else 'no '}force row level security")
    if new.options != old.options:
        if old.options:
            names = [raw(option_name(option)) for option in old.options]
            steps.append(join(["reset", parenthesized(join(names, ", "))]))
        if new.options:
            steps.append(join(["set", parenthesized(join([raw(o) for o in new.options], ", "))]))
    if new.of_type != old.of_type:
        steps.append(join(["of", raw(new.of_type)]) if new.of_type else "not of")
    if new.access_method != old.access_method:  # rewrites the table (PostgreSQL 15)
        steps.append(join(["set access method", raw(new.access_method or "heap")]))
    if new.tablespace != old.tablespace:  # moves (rewrites) the table
        steps.append(join(["set tablespace", raw(new.tablespace or "pg_default")]))
    return [join(["alter table", table, step]) for step in steps]


# Settings are words from fixed lists, mapped here rather than placed as read.
_REPLICA_IDENTITY = {name: name for name in ("default", "full", "nothing")}


@statements.register
def _(change: AlterColumnSettings) -> list[Statement]:
    prefix = alter_column(change.table, change.column.name)
    return [join([prefix, step]) for step in column_setting_steps(change.column, change.old)]


@statements.register
def _(change: SetReplicaIdentity) -> list[Statement]:
    t = change.table
    how: Statement | str = (
        join(["using index", ident(t.replica_identity_index)])
        if t.replica_identity_index is not None
        else _REPLICA_IDENTITY[t.replica_identity]
    )
    return [join(["alter table", qualified(t.schema, t.name), "replica identity", how])]


@statements.register
def _(change: SetClusterOn) -> list[Statement]:
    t = change.table
    how = join(["cluster on", ident(t.cluster_on)]) if t.cluster_on else "set without cluster"
    return [join(["alter table", qualified(t.schema, t.name), how])]


@statements.register
def _(change: AddEnumValue) -> list[Statement]:
    parts: list[Statement | str] = [
        "alter type",
        qualified(change.enum.schema, change.enum.name),
        "add value",
        literal(change.label),
    ]
    if change.before is not None:
        parts += ["before", literal(change.before)]
    elif change.after is not None:
        parts += ["after", literal(change.after)]
    return [join(parts)]


@statements.register
def _(change: AlterDomain) -> list[Statement]:
    new, old = change.domain, change.old
    prefix = join(["alter domain", qualified(new.schema, new.name)])
    steps: list[Statement | str] = []
    if new.default != old.default:
        steps.append(
            "drop default" if new.default is None else join(["set default", raw(new.default)])
        )
    if new.not_null != old.not_null:
        steps.append("set not null" if new.not_null else "drop not null")
    for constraint in old.constraints:
        if constraint not in new.constraints:
            steps.append(join(["drop constraint", ident(constraint.name)]))
    for constraint in new.constraints:
        if constraint not in old.constraints:
            steps.append(
                join(["add constraint", ident(constraint.name), raw(constraint.definition)])
            )
    return [join([prefix, step]) for step in steps]


@statements.register
def _(change: AlterSequence) -> list[Statement]:
    s, old = change.sequence, change.old
    parts: list[Statement | str] = [
        "alter sequence",
        qualified(s.schema, s.name),
        "as",
        raw(s.data_type),
        sequence_options(s),
    ]
    if old.last_value is not None and not s.minimum <= old.last_value <= s.maximum:
        parts.append("restart")  # the current value is outside the new bounds: PostgreSQL asks
    return [join(parts)]


@statements.register
def _(change: SetSequenceOwner) -> list[Statement]:
    s = change.sequence
    owner: Statement = sql.SQL("none")
    if s.owned_by_schema and s.owned_by_table and s.owned_by_column:
        owner = join(
            [qualified(s.owned_by_schema, s.owned_by_table), ident(s.owned_by_column)], "."
        )
    return [join(["alter sequence", qualified(s.schema, s.name), "owned by", owner])]


@statements.register
def _(change: SetSequenceValue) -> list[Statement]:
    s = change.sequence
    name = _text(qualified(s.schema, s.name))
    return [
        sql.SQL("select pg_catalog.setval({}::regclass, {}, {})").format(
            literal(name), literal(s.last_value), literal(bool(s.is_called))
        )
    ]


@statements.register
def _(change: SetTriggerEnabled) -> list[Statement]:
    return [trigger_state(change.trigger)]


@statements.register
def _(change: UpdateExtension) -> list[Statement]:
    new, old = change.extension, change.old
    result: list[Statement] = []
    if new.schema != old.schema:
        result.append(join(["alter extension", ident(new.name), "set schema", ident(new.schema)]))
    if new.version != old.version:
        result.append(join(["alter extension", ident(new.name), "update to", literal(new.version)]))
    return result


@statements.register
def _(change: SetComment) -> list[Statement]:
    target = (
        object_name(change.obj) if change.column is None else column_name(change.obj, change.column)
    )
    return [comment_on(target, change.comment)]


@statements.register
def _(change: ChangePrivileges) -> list[Statement]:
    target = grant_target(change.obj)
    result: list[Statement] = []
    for p in change.revoke:
        option = ["grant option for"] if p.grantable else []
        result.append(join(["revoke", *option, _privilege(p), "on", target, "from", _role(p)]))
    for p in change.grant:
        parts: list[Statement | str] = ["grant", _privilege(p), "on", target, "to", _role(p)]
        if p.grantable:
            parts.append("with grant option")
        result.append(join(parts))
    # The owner's own privileges: granted back, or taken away (REVOKE ... FROM the owner).
    owner = sql.SQL("current_user") if change.owner is None else ident(change.owner)
    for verb, names, to in (
        ("revoke", change.owner_revoke, "from"),
        ("grant", change.owner_grant, "to"),
    ):
        if names:
            privileges = join([sql.SQL(name.lower()) for name in names], ", ")
            result.append(join([verb, privileges, "on", target, to, owner]))
    return result


def _privilege(privilege: Privilege) -> Statement:
    """`select`, or `select ("email")` for a column's privilege."""
    name = sql.SQL(privilege.privilege.lower())
    if not privilege.column:
        return name
    return join([name, parenthesized(ident(privilege.column))])


def _role(privilege: Privilege) -> Statement:
    return sql.SQL("public") if privilege.grantee == "public" else ident(privilege.grantee)


@statements.register
def _(change: SetOwner) -> list[Statement]:
    return [join(["alter", object_name(change.obj), "owner to", ident(change.owner)])]
