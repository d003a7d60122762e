"""A picture of the schema (`pgshift inspect --format mermaid|dot`): tables with their columns and
keys, and one relationship per foreign key, as a Mermaid `erDiagram` (`model_to_mermaid`) or a
Graphviz `digraph` of record-shaped nodes (`model_to_dot`).

Both draw the same `Diagram` (`diagram_of`). Every table is an entity, except partitions (their
parent stands for them), with all its columns, those it has from INHERITS parents included:
primary key columns are marked PK, foreign key columns FK. Each foreign key relates its table to
the table it references, which appears by name only when it is not drawn itself (outside the
schemas read, or a partition). How many rows of one side match a row of the other: exactly one
referenced row, or zero or one when a referencing column is nullable (a NULL there matches
nothing: MATCH SIMPLE checks nothing); zero or more referencing rows, or zero or one when the
referencing columns are unique (a primary key, unique constraint or plain unique index on them,
or on some of them).

Names are what SQL writes (`display_name`: `app."Order Lines"`), put in each format's own
quoting; see `model_to_mermaid` for what Mermaid cannot take. Pure logic: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..sqltext import display_name
from .model import Column, Constraint, Model, Table, table_columns

if TYPE_CHECKING:
    from pglast import ast


@dataclass(frozen=True, slots=True)
class Attribute:
    """A column: its name, its type as `format_type` prints it, and which keys it is part of."""

    name: str
    type: str
    primary_key: bool = False
    foreign_key: bool = False


@dataclass(frozen=True, slots=True)
class Entity:
    """A table, named as SQL writes it (`public.users`); a table only referred to has no
    attributes."""

    name: str
    attributes: tuple[Attribute, ...] = ()


@dataclass(frozen=True, slots=True)
class Relationship:
    """A foreign key `name` of `child` referring to `parent` (entity names), from `columns` to
    `referenced` columns. `optional`: a referencing column is nullable, so a row may refer to
    no parent; `unique`: the referencing columns are unique, so a parent has at most one child
    (one-to-one)."""

    name: str
    child: str
    parent: str
    columns: tuple[str, ...]
    referenced: tuple[str, ...]
    optional: bool
    unique: bool


@dataclass(frozen=True, slots=True)
class Diagram:
    entities: tuple[Entity, ...]
    relationships: tuple[Relationship, ...]


def diagram_of(model: Model) -> Diagram:
    """The entities and relationships `model` draws (see the module docstring), in the model's
    order: tables by schema and name, foreign keys by table and name."""
    columns = table_columns(model)
    drawn = [t for t in model.tables if t.partition_of is None]
    keys = {t.key: _Keys(t, model) for t in drawn}
    relationships = [
        _relationship(fk, table, keys[table.key], columns[table.key])
        for table in drawn
        for fk in keys[table.key].foreign_keys
    ]
    entities = [_entity(t, keys[t.key], columns[t.key]) for t in drawn]
    names = {e.name for e in entities}
    referred = dict.fromkeys(r.parent for r in relationships if r.parent not in names)
    entities += [Entity(name) for name in referred]
    return Diagram(tuple(entities), tuple(relationships))


def _entity(table: Table, keys: _Keys, columns: tuple[Column, ...]) -> Entity:
    attributes = tuple(
        Attribute(c.name, c.type, c.name in keys.primary_key, c.name in keys.referencing)
        for c in columns
    )
    return Entity(display_name(table.schema, table.name), attributes)


class _Keys:
    """A table's keys read from their definitions: the primary key's columns, the column sets
    that are unique, and the foreign keys with the columns they use."""

    def __init__(self, table: Table, model: Model) -> None:
        def on_table(objects: tuple[Any, ...]) -> list[Any]:
            return [o for o in objects if (o.schema, o.table) == (table.schema, table.name)]

        constraints: list[Constraint] = on_table(model.constraints)
        self.primary_key: tuple[str, ...] = ()
        self.unique: list[frozenset[str]] = []
        self.foreign_keys: list[tuple[Constraint, ast.Constraint]] = []
        for constraint in constraints:
            if constraint.type in ("primary key", "unique"):
                parsed = _parse_constraint(constraint.definition)
                names = tuple(key.sval for key in parsed.keys or ())
                self.unique.append(frozenset(names))
                if constraint.type == "primary key":
                    self.primary_key = names
            elif constraint.type == "foreign key":
                self.foreign_keys.append((constraint, _parse_constraint(constraint.definition)))
        for index in on_table(model.indexes):
            columns = _unique_index_columns(index.definition)
            if columns:
                self.unique.append(columns)
        self.referencing = {
            name.sval for _, parsed in self.foreign_keys for name in parsed.fk_attrs or ()
        }


def _relationship(
    fk: tuple[Constraint, ast.Constraint], table: Table, keys: _Keys, columns: tuple[Column, ...]
) -> Relationship:
    constraint, parsed = fk
    own = tuple(name.sval for name in parsed.fk_attrs or ())
    referenced = tuple(name.sval for name in parsed.pk_attrs or ())
    target = parsed.pktable
    assert target is not None and target.relname is not None
    parent = display_name(target.schemaname or table.schema, target.relname)
    nullable = {c.name for c in columns if not c.not_null}
    return Relationship(
        name=constraint.name,
        child=display_name(table.schema, table.name),
        parent=parent,
        columns=own,
        referenced=referenced,
        optional=any(name in nullable for name in own),
        unique=any(unique <= set(own) for unique in keys.unique),
    )


def _parse_constraint(definition: str) -> ast.Constraint:
    """`pg_get_constraintdef` text as PostgreSQL's parser reads it."""
    from pglast import ast, parse_sql

    statement = parse_sql(f"alter table t add {definition}")[0].stmt
    assert isinstance(statement, ast.AlterTableStmt) and statement.cmds
    command = statement.cmds[0]
    assert isinstance(command, ast.AlterTableCmd) and isinstance(command.def_, ast.Constraint)
    return command.def_


def _unique_index_columns(definition: str) -> frozenset[str]:
    """The columns of a unique index on plain columns with no WHERE; empty for others (an
    expression or a partial index does not make the columns unique)."""
    from pglast import ast, parse_sql

    statement = parse_sql(definition)[0].stmt
    assert isinstance(statement, ast.IndexStmt)
    elements = statement.indexParams or ()
    if not statement.unique or statement.whereClause is not None:
        return frozenset()
    if any(element.name is None for element in elements):
        return frozenset()
    return frozenset(element.name for element in elements)


# -- Mermaid

# What every Mermaid erDiagram parser since 9.x takes as an attribute's type or name (later ones
# take more); its lexer reads PK, FK and UK (in any case) as keys wherever they start a word.
_MERMAID_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_()\[\]-]*\Z")
_MERMAID_KEY = re.compile(r"(?i)(pk|fk|uk)\b")
_MERMAID_NOT_IN_WORD = re.compile(r"[^A-Za-z0-9_()\[\]-]+")
_MERMAID_DIRECTION = re.compile(r"(?i)(direction)(\s+)(tb|bt|rl|lr)")


def model_to_mermaid(model: Model) -> str:
    """A Mermaid `erDiagram` of `model` (see the module docstring).

    Entities are quoted (`"app.#34;Order Lines#34;"`): a double quote, `#`, `%`, a backslash
    and control characters are written as Mermaid's entity codes (`#34;`), which it shows as
    the character. Attribute types and names are single words of letters, digits, `_`, `-`,
    `()` and `[]` starting with a letter, not PK, FK or UK: other characters become `_`
    (`timestamp with time zone` is `timestamp_with_time_zone`, `numeric(10,2)` is
    `numeric(10_2)`), and a name that had to change is prefixed `col_` where needed and carries
    the column's real name as its comment. Relationships read `parent ||--o{ child : "fk_name"`:
    `|o` for an optional parent, `o|` for a unique (one-to-one) child.

    >>> print(model_to_mermaid(model))  # doctest: +SKIP
    erDiagram
        "public.customers" {
            integer id PK
        }
        "public.orders" {
            integer id PK
            integer customer_id FK
        }
        "public.customers" ||--o{ "public.orders" : "orders_customer_id_fkey"
    """
    diagram = diagram_of(model)
    lines = ["erDiagram"]
    for entity in diagram.entities:
        name = _mermaid_string(entity.name)
        if not entity.attributes:
            lines.append(f"    {name}")
            continue
        lines.append(f"    {name} {{")
        lines += [f"        {_mermaid_attribute(a)}" for a in entity.attributes]
        lines.append("    }")
    for r in diagram.relationships:
        cardinality = f"{'|o' if r.optional else '||'}--{'o|' if r.unique else 'o{'}"
        parent, child = _mermaid_string(r.parent), _mermaid_string(r.child)
        lines.append(f"    {parent} {cardinality} {child} : {_mermaid_string(r.name)}")
    return "\n".join(lines) + "\n"


def _mermaid_attribute(attribute: Attribute) -> str:
    name = mermaid_word(attribute.name, prefix="col_")
    parts = [mermaid_word(attribute.type, prefix="type_"), name]
    keys = [k for k, on in (("PK", attribute.primary_key), ("FK", attribute.foreign_key)) if on]
    if keys:
        parts.append(", ".join(keys))
    if name != attribute.name:
        parts.append(_mermaid_string(attribute.name))
    return " ".join(parts)


def mermaid_word(text: str, *, prefix: str) -> str:
    """`text` as one Mermaid attribute word: as it is when Mermaid takes it, else with every
    run of other characters made `_` (double quotes dropped), and `prefix` put first when it
    must start otherwise (a digit, `_`) or would read as a key."""
    if _MERMAID_WORD.match(text) and not _MERMAID_KEY.match(text):
        return text
    word = _MERMAID_NOT_IN_WORD.sub("_", text.replace('"', "")) or "_"
    if not _MERMAID_WORD.match(word) or _MERMAID_KEY.match(word):
        word = prefix + word
    return word


def _mermaid_string(text: str) -> str:
    """`text` in double quotes, with what a quoted Mermaid name cannot hold as entity codes; so
    is the space of `direction LR` (and TB, BT, RL), which Mermaid's lexer finds anywhere in a
    line and takes for the diagram's direction."""
    escaped = "".join(
        f"#{ord(ch)};" if ch in '"#%\\' or ord(ch) < 32 or ord(ch) == 127 else ch for ch in text
    )
    escaped = _MERMAID_DIRECTION.sub(
        lambda m: m[1] + "".join(f"#{ord(ch)};" for ch in m[2]) + m[3], escaped
    )
    return f'"{escaped}"'


# -- Graphviz


def model_to_dot(model: Model) -> str:
    """A Graphviz `digraph` of `model` (see the module docstring): one record-shaped node per
    table, its name then a field per column (`name : type PK, FK`, port `cN` for the Nth), and
    one edge per foreign key from its first column to the first column it references, labelled
    with its name, in crow's foot notation (`arrowhead` at the referenced table: `teetee`
    exactly one, `teeodot` zero or one; `arrowtail`: `crowodot` zero or more, `teeodot` zero
    or one). Render it with `dot -Tsvg`."""
    diagram = diagram_of(model)
    ids = {entity.name: f"t{number}" for number, entity in enumerate(diagram.entities, 1)}
    ports = {
        (entity.name, attribute.name): f"c{number}"
        for entity in diagram.entities
        for number, attribute in enumerate(entity.attributes, 1)
    }
    lines = [
        "digraph schema {",
        "  graph [rankdir=LR];",
        '  node [shape=record, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9, dir=both];',
    ]
    for entity in diagram.entities:
        fields = [_record_text(entity.name)]
        for attribute in entity.attributes:
            port = ports[(entity.name, attribute.name)]
            fields.append(f"<{port}> {_record_text(_dot_field(attribute))}\\l")
        lines.append(f"  {ids[entity.name]} [label={_dot_string('|'.join(fields))}];")
    for r in diagram.relationships:
        tail = _endpoint(ids[r.child], ports.get((r.child, r.columns[0] if r.columns else "")))
        head = _endpoint(
            ids[r.parent], ports.get((r.parent, r.referenced[0] if r.referenced else ""))
        )
        options = [
            f"label={_dot_string(_escape_backslashes(r.name))}",
            f"arrowhead={'teeodot' if r.optional else 'teetee'}",
            f"arrowtail={'teeodot' if r.unique else 'crowodot'}",
        ]
        lines.append(f"  {tail} -> {head} [{', '.join(options)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_field(attribute: Attribute) -> str:
    keys = [k for k, on in (("PK", attribute.primary_key), ("FK", attribute.foreign_key)) if on]
    return f"{attribute.name} : {attribute.type}" + (f" {', '.join(keys)}" if keys else "")


def _endpoint(node: str, port: str | None) -> str:
    return f"{node}:{port}" if port else node


def _record_text(text: str) -> str:
    """Text inside a record label: `{ } | < >` and spaces escaped (spaces would collapse), a
    backslash doubled (label escapes such as `\\l` stay the label's own), control characters
    made spaces."""
    out = []
    for ch in _escape_backslashes(text):
        if ch in "{}|<> ":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _escape_backslashes(text: str) -> str:
    cleaned = "".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)
    return cleaned.replace("\\", "\\\\")


def _dot_string(value: str) -> str:
    """A DOT quoted string holding `value` (only a double quote is escaped in DOT)."""
    return '"' + value.replace('"', '\\"') + '"'
