"""The catalog model: one frozen dataclass per object kind, and `Model`, a database's objects.

Objects are identified by `ObjectKey` (kind, schema, name, and the table for objects that live on
a table, the identity arguments for functions). Equality is dataclass equality over the object's
definition: fields that describe something other than the definition (`owner`, `privileges`, a
sequence's current value, the dependencies) are declared with `compare=False`, and
`diff.compare` looks at them only when asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, ClassVar, NamedTuple

from ..sqltext import display_name


class ObjectKey(NamedTuple):
    """What identifies an object across databases.

    `table` is set for objects that live on a table (constraints, indexes, triggers, policies);
    `signature` for functions and procedures (`pg_get_function_identity_arguments`).
    """

    kind: str
    schema: str
    name: str
    table: str = ""
    signature: str = ""

    def describe(self) -> str:
        """`table public.users`, `trigger audit on public.users`, `function public.f(integer)`,
        `table public."user"`: names quoted where SQL needs it (see `display_name`)."""
        return _describe(self)

    def __json__(self) -> str:
        """How `--json` writes a key (in `depends_on`): its description."""
        return _describe(self)


# A model of thousands of tables names the same keys tens of thousands of times (in depends_on).
@lru_cache(maxsize=1 << 16)
def _describe(key: ObjectKey) -> str:
    kind, schema, name, table, signature = key
    if kind in ("schema", "extension", "event trigger"):
        return f"{kind} {display_name(name)}"
    if table:
        return f"{kind} {display_name(name)} on {display_name(schema, table)}"
    if kind in ("function", "procedure"):
        return f"{kind} {display_name(schema, name)}({signature})"
    if signature:  # a CatalogObject: its identity as SQL writes it, from the server
        return f"{kind} {signature}"
    return f"{kind} {display_name(schema, name)}"


class Keyed:
    """An object with an `ObjectKey`, made on first use and kept: comparing and ordering ask
    for keys hundreds of thousands of times on a large schema. The slot is no dataclass field
    (not compared, copied or written out); `dataclasses.replace` makes an object that makes
    its own key."""

    __slots__ = ("_key",)
    _key: ObjectKey

    def _make_key(self) -> ObjectKey:
        raise NotImplementedError

    @property
    def key(self) -> ObjectKey:
        try:
            return self._key
        except AttributeError:
            key = self._make_key()
            object.__setattr__(self, "_key", key)  # frozen dataclasses refuse setattr
            return key


class InSchema(Keyed):
    """An object named in a schema: its key is `(key_kind, schema, name)`."""

    __slots__ = ()
    key_kind: ClassVar[str]
    schema: str
    name: str

    def _make_key(self) -> ObjectKey:
        return ObjectKey(self.key_kind, self.schema, self.name)


class OnTable(Keyed):
    """An object that lives on a table: its key is `(kind, schema, name, table)`."""

    __slots__ = ()
    kind: ClassVar[str]
    schema: str
    table: str
    name: str

    def _make_key(self) -> ObjectKey:
        return ObjectKey(self.kind, self.schema, self.name, self.table)


# Dependencies are facts about one database (read from pg_depend), not part of a definition.
def depends() -> Any:
    return field(default=(), compare=False, repr=False)


def owner_field() -> Any:
    return field(default=None, compare=False)


# Privileges, like owners, name roles of one server: compared only when asked.
def privileges_field() -> Any:
    return field(default=(), compare=False)


# What the owner took away from itself (`REVOKE DELETE ON t FROM owner_role`): privileges as
# GRANT spells them (`DELETE`), named without the owner's role so that databases whose owners
# differ compare; with the privileges, compared only when asked. Empty for nearly every object.
def revoked_from_owner_field() -> Any:
    return field(default=(), compare=False)


@dataclass(frozen=True, slots=True, order=True)
class Privilege:
    """One privilege granted to a role other than the owner: `grantee` is a role name or
    `public`, `privilege` as GRANT spells it (`SELECT`, `EXECUTE`, ...). `column` is set for a
    privilege on one column of a table or view (`GRANT SELECT (email) ON ...`)."""

    grantee: str
    privilege: str
    grantable: bool = False
    column: str = ""


@dataclass(frozen=True, slots=True)
class Schema(Keyed):
    """A schema (system schemas are never listed)."""

    kind: ClassVar[str] = "schema"
    name: str
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()

    def _make_key(self) -> ObjectKey:
        return ObjectKey("schema", "", self.name)


@dataclass(frozen=True, slots=True)
class Extension(Keyed):
    """An installed extension; the objects it created are not listed on their own."""

    kind: ClassVar[str] = "extension"
    name: str
    schema: str
    version: str
    depends_on: tuple[ObjectKey, ...] = depends()

    def _make_key(self) -> ObjectKey:
        return ObjectKey("extension", "", self.name)


@dataclass(frozen=True, slots=True)
class Collation(InSchema):
    """A collation (`CREATE COLLATION`). `provider` is libc, icu or builtin; libc collations
    have `lc_collate` and `lc_ctype`, the others a `locale` (and ICU ones perhaps `rules`).
    The provider's version is a fact about the server's libraries, not compared."""

    kind: ClassVar[str] = "collation"
    key_kind: ClassVar[str] = "collation"
    schema: str
    name: str
    provider: str
    deterministic: bool = True
    lc_collate: str | None = None
    lc_ctype: str | None = None
    locale: str | None = None
    rules: str | None = None
    owner: str | None = owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class EnumType(InSchema):
    """An enum type; `labels` in their sort order."""

    kind: ClassVar[str] = "enum"
    key_kind: ClassVar[str] = "type"
    schema: str
    name: str
    labels: tuple[str, ...]
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class DomainConstraint:
    """A CHECK constraint of a domain; `definition` is `pg_get_constraintdef`."""

    name: str
    definition: str


@dataclass(frozen=True, slots=True)
class DomainType(InSchema):
    """A domain over `base_type` (as `format_type` prints it)."""

    kind: ClassVar[str] = "domain"
    key_kind: ClassVar[str] = "type"
    schema: str
    name: str
    base_type: str
    collation: str | None = None
    default: str | None = None
    not_null: bool = False
    constraints: tuple[DomainConstraint, ...] = ()
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class Attribute:
    """One field of a composite type."""

    name: str
    type: str
    collation: str | None = None


@dataclass(frozen=True, slots=True)
class CompositeType(InSchema):
    """A free-standing composite type (`CREATE TYPE ... AS (...)`)."""

    kind: ClassVar[str] = "composite type"
    key_kind: ClassVar[str] = "type"
    schema: str
    name: str
    attributes: tuple[Attribute, ...]
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class RangeType(InSchema):
    """A range type over `subtype`; `opclass`, `canonical` and `subtype_diff` are set only when
    they are not the defaults."""

    kind: ClassVar[str] = "range type"
    key_kind: ClassVar[str] = "type"
    schema: str
    name: str
    subtype: str
    collation: str | None = None
    opclass: str | None = None
    canonical: str | None = None
    subtype_diff: str | None = None
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class Column:
    """A table column. `default` and `generated` are the server's rendering of the expression;
    `generated_kind` is `stored` or `virtual`; `identity` is `always` or `by default`.

    Settings, each None (or empty) when not set: `statistics` target (`SET STATISTICS`),
    `storage` when not the type's own (`type_storage`, kept to reset it; not compared),
    `compression` (`pglz`, `lz4`) and per-column `options` such as `n_distinct=100`."""

    name: str
    type: str
    position: int = field(default=0, compare=False)
    collation: str | None = None
    not_null: bool = False
    default: str | None = None
    generated: str | None = None
    generated_kind: str | None = None
    identity: str | None = None
    comment: str | None = None
    statistics: int | None = None
    storage: str | None = None
    compression: str | None = None
    options: tuple[str, ...] = ()
    type_storage: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Table(InSchema):
    """A table, plain or partitioned. A partition names its parent (`partition_of`, quoted and
    qualified) and bound; a table made with INHERITS names its parents (`inherits`). Either
    lists only the columns it does not inherit. `replica_identity` is default, full, nothing or
    index (`replica_identity_index`, an index or a constraint's); `cluster_on` names the index
    CLUSTER uses. A typed table names its type (`of_type`: `CREATE TABLE ... OF type`) and lists
    the type's columns; `tablespace` and `access_method` (quoted) are set when not the
    database's default tablespace and `heap`.

    A partition's `inherited_constraints` and `inherited_indexes` are those it has from its
    parent (constraints cloned or merged, indexes attached to the parent's): not listed on their
    own nor compared, since a partition compares the same however it was made, but they become
    the table's own when it is detached (`DETACH PARTITION`)."""

    kind: ClassVar[str] = "table"
    key_kind: ClassVar[str] = "table"
    schema: str
    name: str
    columns: tuple[Column, ...]
    partitioned: bool = False
    partition_key: str | None = None
    partition_of: str | None = None
    partition_bound: str | None = None
    inherits: tuple[str, ...] = ()
    unlogged: bool = False
    row_security: bool = False
    force_row_security: bool = False
    options: tuple[str, ...] = ()
    replica_identity: str = "default"
    replica_identity_index: str | None = None
    cluster_on: str | None = None
    of_type: str | None = None
    tablespace: str | None = None
    access_method: str | None = None
    inherited_constraints: tuple[Constraint, ...] = field(default=(), compare=False, repr=False)
    inherited_indexes: tuple[Index, ...] = field(default=(), compare=False, repr=False)
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True, slots=True)
class Constraint(OnTable):
    """A table constraint; `type` is primary key, unique, foreign key, check or exclusion and
    `definition` is `pg_get_constraintdef`."""

    kind: ClassVar[str] = "constraint"
    schema: str
    table: str
    name: str
    type: str
    definition: str
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class Index(OnTable):
    """An index no constraint owns: `definition` is `pg_get_indexdef`; `valid` is false for an
    index a failed `CREATE INDEX CONCURRENTLY` left behind (it is re-created). `tablespace`
    (quoted) when not the default; `column_statistics` the statistics targets set on its
    columns, as `"<column number> <target>"`."""

    kind: ClassVar[str] = "index"
    schema: str
    table: str
    name: str
    definition: str
    valid: bool = True
    tablespace: str | None = None
    column_statistics: tuple[str, ...] = ()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class Sequence(InSchema):
    """A sequence. `identity` marks one behind an identity column. `last_value` and `is_called`
    are the current state (None when this session may not read it) and are not part of the
    definition."""

    kind: ClassVar[str] = "sequence"
    key_kind: ClassVar[str] = "sequence"
    schema: str
    name: str
    data_type: str
    start: int
    increment: int
    minimum: int
    maximum: int
    cache: int
    cycle: bool
    owned_by_schema: str | None = None
    owned_by_table: str | None = None
    owned_by_column: str | None = None
    identity: bool = False
    last_value: int | None = field(default=None, compare=False)
    is_called: bool | None = field(default=None, compare=False)
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class Function(Keyed):
    """A function or procedure: `kind` is `function` or `procedure`, `definition` is
    `pg_get_functiondef`, `arguments` and `result` tell whether CREATE OR REPLACE can change it."""

    kind: str
    schema: str
    name: str
    signature: str
    arguments: str
    result: str | None
    definition: str
    # The input types alone: what PostgreSQL tells functions apart by (the key's names aside).
    argument_types: str = field(default="", compare=False, repr=False)
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()

    def _make_key(self) -> ObjectKey:
        return ObjectKey("function", self.schema, self.name, signature=self.signature)


@dataclass(frozen=True, slots=True)
class Aggregate(Keyed):
    """An aggregate (`CREATE AGGREGATE`), identified like a function. `aggregate_kind` is normal,
    ordered-set or hypothetical; the support functions are names as `regproc` prints them.
    The `m...` fields are the moving-aggregate mode's (`MSFUNC`, `MINVFUNC`, ...), unset
    without one."""

    kind: ClassVar[str] = "aggregate"
    schema: str
    name: str
    signature: str
    arguments: str
    aggregate_kind: str
    sfunc: str
    stype: str
    sspace: int | None = None
    finalfunc: str | None = None
    finalfunc_extra: bool = False
    finalfunc_modify: str | None = None
    combinefunc: str | None = None
    serialfunc: str | None = None
    deserialfunc: str | None = None
    initcond: str | None = None
    sortop: str | None = None
    parallel: str = "unsafe"
    msfunc: str | None = None
    minvfunc: str | None = None
    mstype: str | None = None
    msspace: int | None = None
    mfinalfunc: str | None = None
    mfinalfunc_extra: bool = False
    mfinalfunc_modify: str | None = None
    minitcond: str | None = None
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()

    def _make_key(self) -> ObjectKey:
        return ObjectKey("function", self.schema, self.name, signature=self.signature)


@dataclass(frozen=True, slots=True)
class Trigger(OnTable):
    """A trigger: `definition` is `pg_get_triggerdef`; `enabled` is origin (the default),
    disabled, replica or always."""

    kind: ClassVar[str] = "trigger"
    schema: str
    table: str
    name: str
    definition: str
    enabled: str = "origin"
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class ViewColumn:
    """A column of a view, as the view's query defines it; a materialized view's columns have
    the settings a table's have (see `Column`)."""

    name: str
    type: str
    comment: str | None = None
    statistics: int | None = None
    storage: str | None = None
    compression: str | None = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class View(InSchema):
    """A view or materialized view; `definition` is `pg_get_viewdef` without its final `;`."""

    kind: ClassVar[str] = "view"
    key_kind: ClassVar[str] = "view"
    schema: str
    name: str
    definition: str
    columns: tuple[ViewColumn, ...] = ()
    materialized: bool = False
    options: tuple[str, ...] = ()
    tablespace: str | None = None
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class Rule(OnTable):
    """A rewrite rule on a table or view (not the `_RETURN` rule that makes a view): `event`
    is select, insert, update or delete; `definition` is `pg_get_ruledef` without its final
    `;`; `enabled` is origin (the default), disabled, replica or always."""

    kind: ClassVar[str] = "rule"
    schema: str
    table: str
    name: str
    event: str
    definition: str
    enabled: str = "origin"
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class Policy(OnTable):
    """A row-level security policy. `command` is select, insert, update, delete or all;
    `roles` are role names (`public` for everyone)."""

    kind: ClassVar[str] = "policy"
    schema: str
    table: str
    name: str
    permissive: bool
    command: str
    roles: tuple[str, ...]
    using: str | None = None
    with_check: str | None = None
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()


@dataclass(frozen=True, slots=True)
class EventTrigger(Keyed):
    """An event trigger (a database's, in no schema): `event` such as `ddl_command_end`, the
    command `tags` it is limited to (empty: all), the `function` it runs (qualified, as
    `regproc` prints it) and `enabled`: origin (the default), disabled, replica or always."""

    kind: ClassVar[str] = "event trigger"
    name: str
    event: str
    function: str
    tags: tuple[str, ...] = ()
    enabled: str = "origin"
    owner: str | None = owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()

    def _make_key(self) -> ObjectKey:
        return ObjectKey("event trigger", "", self.name)


@dataclass(frozen=True, slots=True)
class CatalogObject(Keyed):
    """An object of a kind whose definition its catalog query writes out whole, as the
    statements that create it: operators, operator classes and families, text search objects,
    casts, transforms, conversions, access methods, languages, statistics objects,
    publications, subscriptions, foreign-data wrappers, servers, user mappings, foreign tables
    and default privileges (`CATALOG_KINDS`). None of them holds data, so a changed one is
    dropped and created again.

    `kind` is how SQL names the kind (`operator class`); `identity` the object as DROP, COMMENT
    and ALTER ... OWNER write it after that word (`u.===(integer, u.t)`, `u.int_ops using
    btree`, `(u.pair as text)`), rendered by the server with every name quoted, so it is the
    same in any database and part of the key. `create` holds the statements that make the
    object (compared); `drop` those that take it away, when `DROP <kind> <identity>` does not.
    `reset`, for the kinds that have one (`RESETTABLE_KINDS`), takes the object back to what
    its first `create` statement alone makes (a text search configuration's mappings, a
    family's own members, a statistics target): what changes after that first statement is then
    changed in place, keeping what depends on the object.
    The `options` of a foreign-data wrapper, server, user mapping or foreign table
    (`name=value`, as the catalog keeps them) are data, not in `create`: written after it, and
    changed in place (`ALTER ... OPTIONS`), which keeps the secret ones.

    `secret_options` names the options of a server, user mapping or subscription connection
    that hold secrets (`password`; `column.option` for a foreign table's column): their values
    are never read, so never printed, nor compared; a plan that creates the object says they
    must be set by hand, and dropping it (to create it again too) is destructive."""

    kind: str
    schema: str
    name: str
    identity: str
    create: tuple[str, ...]
    drop: tuple[str, ...] = field(default=(), compare=False)
    reset: tuple[str, ...] = field(default=(), compare=False)
    options: tuple[str, ...] = ()
    secret_options: tuple[str, ...] = field(default=(), compare=False)
    owner: str | None = owner_field()
    privileges: tuple[Privilege, ...] = privileges_field()
    revoked_from_owner: tuple[str, ...] = revoked_from_owner_field()
    comment: str | None = None
    depends_on: tuple[ObjectKey, ...] = depends()

    def _make_key(self) -> ObjectKey:
        return ObjectKey(self.kind, self.schema, self.name, signature=self.identity)


# CatalogObject kinds whose query writes `reset` (possibly empty: nothing to take back).
RESETTABLE_KINDS = ("text search configuration", "operator family", "statistics")

# Model field -> the SQL word of a CatalogObject kind, in the order they are created.
CATALOG_KINDS: dict[str, str] = {
    "languages": "language",
    "access_methods": "access method",
    "foreign_data_wrappers": "foreign data wrapper",
    "foreign_servers": "server",
    "user_mappings": "user mapping",
    "operator_families": "operator family",
    "operators": "operator",
    "operator_classes": "operator class",
    "casts": "cast",
    "transforms": "transform",
    "conversions": "conversion",
    "text_search_parsers": "text search parser",
    "text_search_templates": "text search template",
    "text_search_dictionaries": "text search dictionary",
    "text_search_configurations": "text search configuration",
    "foreign_tables": "foreign table",
    "statistics": "statistics",
    "publications": "publication",
    "subscriptions": "subscription",
    "default_privileges": "default privileges",
}


class _KeyIndex:
    __slots__ = ("_by_key",)
    _by_key: dict[ObjectKey, Any]


@dataclass(frozen=True, slots=True)
class Model(_KeyIndex):
    """Every object of one database (or of the schemas asked for), ordered by name."""

    schemas: tuple[Schema, ...] = ()
    extensions: tuple[Extension, ...] = ()
    collations: tuple[Collation, ...] = ()
    enums: tuple[EnumType, ...] = ()
    domains: tuple[DomainType, ...] = ()
    composite_types: tuple[CompositeType, ...] = ()
    range_types: tuple[RangeType, ...] = ()
    tables: tuple[Table, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    functions: tuple[Function, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    views: tuple[View, ...] = ()
    rules: tuple[Rule, ...] = ()
    policies: tuple[Policy, ...] = ()
    event_triggers: tuple[EventTrigger, ...] = ()
    languages: tuple[CatalogObject, ...] = ()
    access_methods: tuple[CatalogObject, ...] = ()
    foreign_data_wrappers: tuple[CatalogObject, ...] = ()
    foreign_servers: tuple[CatalogObject, ...] = ()
    user_mappings: tuple[CatalogObject, ...] = ()
    operator_families: tuple[CatalogObject, ...] = ()
    operators: tuple[CatalogObject, ...] = ()
    operator_classes: tuple[CatalogObject, ...] = ()
    casts: tuple[CatalogObject, ...] = ()
    transforms: tuple[CatalogObject, ...] = ()
    conversions: tuple[CatalogObject, ...] = ()
    text_search_parsers: tuple[CatalogObject, ...] = ()
    text_search_templates: tuple[CatalogObject, ...] = ()
    text_search_dictionaries: tuple[CatalogObject, ...] = ()
    text_search_configurations: tuple[CatalogObject, ...] = ()
    foreign_tables: tuple[CatalogObject, ...] = ()
    statistics: tuple[CatalogObject, ...] = ()
    publications: tuple[CatalogObject, ...] = ()
    subscriptions: tuple[CatalogObject, ...] = ()
    default_privileges: tuple[CatalogObject, ...] = ()
    server_version_num: int = field(default=0, compare=False)
    # Kinds the model does not read, with how many objects of each the database holds
    # (see census.py): not part of any definition, but what a comparison did not look at.
    unread: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def objects(self) -> tuple[Any, ...]:
        """Every object, kind by kind in the order of the fields."""
        return tuple(obj for name in KINDS for obj in getattr(self, name))

    def by_key(self) -> dict[ObjectKey, Any]:
        """Every object by key: made once (the model does not change), so not to be changed."""
        try:
            return self._by_key
        except AttributeError:
            index = {obj.key: obj for obj in self.objects()}
            object.__setattr__(self, "_by_key", index)  # frozen dataclasses refuse setattr
            return index


def table_columns(model: Model) -> dict[ObjectKey, tuple[Column, ...]]:
    """Each table's columns, those it has from its parents included (a partition lists none of
    its own, a table made with INHERITS only those it declares): its parent's or parents' first,
    in order, then its own; a column both declare comes once, as the table declares it. Parents
    outside the model (another schema than those read) add nothing."""
    by_name = {display_name(t.schema, t.name): t for t in model.tables}
    result: dict[ObjectKey, tuple[Column, ...]] = {}

    def columns_of(table: Table, seen: frozenset[ObjectKey]) -> tuple[Column, ...]:
        if table.key not in result:
            merged: dict[str, Column] = {}
            parents = (table.partition_of,) if table.partition_of else table.inherits
            for name in parents:
                parent = by_name.get(name)
                if parent is not None and parent.key not in seen:
                    for column in columns_of(parent, seen | {table.key}):
                        merged.setdefault(column.name, column)
            merged.update((column.name, column) for column in table.columns)
            result[table.key] = tuple(merged.values())
        return result[table.key]

    for table in model.tables:
        columns_of(table, frozenset())
    return result


# Model fields holding objects, in declaration order (each has a query file of the same name).
KINDS: tuple[str, ...] = tuple(
    f.name for f in fields(Model) if f.name not in ("server_version_num", "unread")
)
