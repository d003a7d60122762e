"""`pgshift inspect --format mermaid|dot`: the output is parsed (Mermaid by a parser of the
erDiagram subset pgshift writes, Graphviz by `dot` itself) and checked against the catalog,
read here with queries of its own rather than through pgshift's model."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest

from pgshift.cli.main import main
from pgshift.inspect.diagram import mermaid_word

SCHEMA = r"""
create schema "Sales Dept";
create schema other;
create table other.regions (code text primary key);
create type "Sales Dept"."State" as enum ('new', 'done');
create table "Sales Dept".customers (
  id integer primary key,
  name text not null,
  region text references other.regions
);
create table "Sales Dept"."Order Lines" (
  "Order Id" integer,
  line integer,
  pk integer,
  "select" numeric(10,2),
  at timestamp with time zone,
  label character varying(20),
  state "Sales Dept"."State",
  tags integer[],
  customer_id integer not null references "Sales Dept".customers,
  "odd""name%#\" text,
  "1st" text,
  primary key ("Order Id", line)
);
create table "Sales Dept".notes (
  "Order Id" integer not null,
  line integer not null,
  body text,
  constraint "note of a line, direction LR" foreign key ("Order Id", line)
    references "Sales Dept"."Order Lines"
);
create unique index one_note_per_line on "Sales Dept".notes ("Order Id", line);
create table "Sales Dept".profiles (
  customer_id integer not null unique references "Sales Dept".customers,
  bio text
);
create table "Sales Dept".employees (
  id integer primary key,
  manager_id integer references "Sales Dept".employees
);
create table "Sales Dept".empty ();
create table "Sales Dept".events (id integer, at date) partition by range (at);
create table "Sales Dept".events_2025 partition of "Sales Dept".events
  for values from ('2025-01-01') to ('2026-01-01');
create table "Sales Dept".archived_customers (archived_on date) inherits ("Sales Dept".customers);
"""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


# -- what the catalog says, read without pgshift


@dataclass
class Table:
    attributes: list[tuple[str, str, bool, bool]] = field(
        default_factory=list
    )  # name, type, PK, FK


@dataclass(frozen=True)
class ForeignKey:
    name: str
    child: str
    parent: str
    optional: bool
    unique: bool
    column: str
    referenced: str


def catalog(conn, schema: str) -> tuple[dict[str, Table], list[ForeignKey]]:
    """Tables of `schema` but partitions, every column with its type and keys; foreign keys with
    whether a referencing column is nullable and whether a unique key lies within them; and
    the tables referred to from outside what is drawn, with no columns."""
    tables: dict[str, Table] = {}
    rows = conn.execute(
        """
        select quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname,
               format_type(a.atttypid, a.atttypmod),
               exists (select from pg_constraint k where k.conrelid = c.oid and k.contype = 'p'
                       and a.attnum = any (k.conkey)),
               exists (select from pg_constraint k where k.conrelid = c.oid and k.contype = 'f'
                       and a.attnum = any (k.conkey))
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = %s and c.relkind in ('r', 'p') and not c.relispartition
        order by 1, a.attnum
        """,
        [schema],
    ).fetchall()
    for table, name, type_, pk, fk in rows:
        entry = tables.setdefault(table, Table())
        if name is not None:
            entry.attributes.append((name, type_, pk, fk))
    keys = conn.execute(
        """
        select k.conname,
               quote_ident(cn.nspname) || '.' || quote_ident(c.relname),
               quote_ident(pn.nspname) || '.' || quote_ident(p.relname),
               exists (select from pg_attribute a where a.attrelid = k.conrelid
                       and a.attnum = any (k.conkey) and not a.attnotnull),
               exists (select from pg_index i where i.indrelid = k.conrelid and i.indisunique
                       and i.indpred is null and 0 <> all (i.indkey::int2[])
                       and i.indkey::int2[] <@ k.conkey),
               (select attname from pg_attribute where attrelid = k.conrelid
                and attnum = k.conkey[1]),
               (select attname from pg_attribute where attrelid = k.confrelid
                and attnum = k.confkey[1])
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
        join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
        where k.contype = 'f' and cn.nspname = %s and not c.relispartition
        order by 2, 1
        """,
        [schema],
    ).fetchall()
    foreign_keys = [ForeignKey(*row) for row in keys]
    for fk in foreign_keys:
        tables.setdefault(fk.parent, Table())
    return tables, foreign_keys


# -- Mermaid: a parser of the erDiagram subset pgshift writes

# Mermaid's own rules for these tokens (its erDiagram.jison): a quoted entity name, an
# attribute word as every version since 9.x takes it, a quoted comment or label.
ENTITY_NAME = r'"[^"%\r\n\v\b\\]+"'
WORD = r"[A-Za-z][A-Za-z0-9_()\[\]-]*"
QUOTED = r'"[^"]*"'
ENTITY_LINE = re.compile(rf"    ({ENTITY_NAME})( {{)?")
ATTRIBUTE_LINE = re.compile(rf"        ({WORD}) ({WORD})(?: (PK|FK|PK, FK))?(?: ({QUOTED}))?")
RELATIONSHIP_LINE = re.compile(
    rf"    ({ENTITY_NAME}) (\|\||\|o)--(o\{{|o\|) ({ENTITY_NAME}) : ({QUOTED})"
)


def decode(quoted: str) -> str:
    """A quoted Mermaid string as it is shown: entity codes (`#34;`) made characters."""
    return re.sub(r"#(\d+);", lambda m: chr(int(m[1])), quoted[1:-1])


def parse_mermaid(text: str) -> tuple[dict[str, Table], list[ForeignKey]]:
    lines = text.splitlines()
    assert lines[0] == "erDiagram"
    entities: dict[str, Table] = {}
    relationships: list[ForeignKey] = []
    current: Table | None = None
    for line in lines[1:]:
        if current is not None:
            if line == "    }":
                current = None
                continue
            match = ATTRIBUTE_LINE.fullmatch(line)
            assert match, line
            type_word, name_word, keys, comment = match.groups()
            for word in (type_word, name_word):
                assert not re.match(r"(?i)(pk|fk|uk)\b", word), word  # the lexer's keys
            name = decode(comment) if comment else name_word
            keys = keys or ""
            current.attributes.append((name, type_word, "PK" in keys, "FK" in keys))
        elif match := ENTITY_LINE.fullmatch(line):
            name = decode(match[1])
            assert name not in entities
            entities[name] = Table()
            if match[2]:
                current = entities[name]
        else:
            match = RELATIONSHIP_LINE.fullmatch(line)
            assert match, line
            parent, left, right, child, label = match.groups()
            # The direction of the text is a directive wherever Mermaid finds it.
            assert not re.search(r"(?i)direction\s+(tb|bt|rl|lr)", line), line
            fk = ForeignKey(
                decode(label), decode(child), decode(parent), left == "|o", right == "o|", "", ""
            )
            relationships.append(fk)
    assert current is None
    return entities, relationships


def expected_type_word(type_: str) -> str:
    """What Mermaid is given for a type: other characters than those of a word made `_`."""
    word = re.sub(r"[^A-Za-z0-9_()\[\]-]+", "_", type_.replace('"', ""))
    return word if re.match(r"[A-Za-z]", word) else "type_" + word


@pytest.fixture
def sales(conn, database):
    conn.execute(SCHEMA)
    return database


def test_mermaid_er_diagram_matches_the_catalog(conn, sales):
    code, out, err = run("inspect", sales, "--format", "mermaid", "--schema", "Sales Dept")
    assert (code, err) == (0, "")
    entities, relationships = parse_mermaid(out)
    tables, foreign_keys = catalog(conn, "Sales Dept")
    assert sorted(entities) == sorted(tables)
    assert '"Sales Dept".events_2025' not in entities  # a partition: its parent stands for it
    assert entities["other.regions"].attributes == []  # outside --schema: by name only
    for name, table in tables.items():
        assert [(a[0], a[2], a[3]) for a in entities[name].attributes] == [
            (a[0], a[2], a[3]) for a in table.attributes
        ], name
        assert [a[1] for a in entities[name].attributes] == [
            expected_type_word(a[1]) for a in table.attributes
        ], name
    assert sorted(r.name for r in relationships) == sorted(fk.name for fk in foreign_keys)
    by_name = {fk.name: fk for fk in foreign_keys}
    for r in relationships:
        fk = by_name[r.name]
        assert (r.child, r.parent, r.optional, r.unique) == (
            fk.child,
            fk.parent,
            fk.optional,
            fk.unique,
        ), r.name
    # The cases the catalog holds: many-to-one, optional, one-to-one, to itself, two columns.
    shapes = {r.name: (r.optional, r.unique) for r in relationships}
    assert shapes == {
        "Order Lines_customer_id_fkey": (False, False),
        "customers_region_fkey": (True, False),
        "profiles_customer_id_fkey": (False, True),
        "employees_manager_id_fkey": (True, False),
        "note of a line, direction LR": (False, True),
    }
    lines = out.splitlines()
    assert (
        '    "#34;Sales Dept#34;.customers" ||--o{ "#34;Sales Dept#34;.#34;Order Lines#34;"'
        ' : "Order Lines_customer_id_fkey"'
    ) in lines
    assert '    "#34;Sales Dept#34;.notes" {' in lines
    assert any(line.endswith(' : "note of a line, direction#32;LR"') for line in lines)
    # Column names Mermaid cannot take are made words and keep their name as the comment.
    order_lines = [line.strip() for line in lines if line.startswith("        ")]
    assert 'integer Order_Id PK "Order Id"' in order_lines
    assert 'integer col_pk "pk"' in order_lines
    assert 'text oddname_ "odd#34;name#37;#35;#92;"' in order_lines
    assert "timestamp_with_time_zone at" in order_lines


def test_mermaid_words():
    assert mermaid_word("email", prefix="col_") == "email"
    assert mermaid_word("numeric(10,2)", prefix="type_") == "numeric(10_2)"
    assert mermaid_word("PK-x", prefix="col_") == "col_PK-x"  # would read as the key PK
    assert mermaid_word("pk_x", prefix="col_") == "pk_x"
    assert mermaid_word("_x", prefix="col_") == "col__x"
    assert mermaid_word('"My Schema"."Type"', prefix="type_") == "My_Schema_Type"


def test_a_schema_without_tables_is_an_empty_diagram(conn, database):
    code, out, err = run("inspect", database, "--format", "mermaid")
    assert (code, out, err) == (0, "erDiagram\n", "")


def test_format_json_is_json_and_excludes_another_format(conn, database):
    assert run("inspect", database, "--format", "json") == run("inspect", database, "--json")
    code, out, err = run("inspect", database, "--json", "--format", "dot")
    assert code == 64
    assert "--json and --format dot exclude each other" in out + err


# -- Graphviz: checked by dot itself


def test_dot_digraph_matches_the_catalog(conn, sales, tmp_path):
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz's dot is not installed (Debian: apt-get install graphviz)")
    code, out, err = run("inspect", sales, "--format", "dot", "--schema", "Sales Dept")
    assert (code, err) == (0, "")
    svg = subprocess.run([dot, "-Tsvg"], input=out, capture_output=True, text=True, check=True)
    nodes, edges = parse_svg(svg.stdout)
    tables, foreign_keys = catalog(conn, "Sales Dept")
    # A node shows its table's name, then one field per column: name : type [PK, FK].
    shown = {texts[0]: texts[1:] for texts in nodes.values()}
    assert sorted(shown) == sorted(tables)
    for name, table in tables.items():
        assert shown[name] == [f"{a[0]} : {a[1]}" + _marks(a[2], a[3]) for a in table.attributes], (
            name
        )
    node_of = {texts[0]: node for node, texts in nodes.items()}
    assert sorted(edges) == sorted(
        (node_of[fk.child], node_of[fk.parent], fk.name) for fk in foreign_keys
    )


def _marks(pk: bool, fk: bool) -> str:
    keys = [k for k, on in (("PK", pk), ("FK", fk)) if on]
    return f" {', '.join(keys)}" if keys else ""


def parse_svg(svg: str) -> tuple[dict[str, list[str]], list[tuple[str, str, str]]]:
    """The nodes (id -> texts as drawn) and edges (tail, head, label) of dot's SVG."""
    ns = {"s": "http://www.w3.org/2000/svg"}
    nodes: dict[str, list[str]] = {}
    edges: list[tuple[str, str, str]] = []
    for group in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g"):
        title = group.find("s:title", ns)
        texts = [(t.text or "").replace("\xa0", " ") for t in group.findall("s:text", ns)]
        if group.get("class") == "node" and title is not None:
            nodes[title.text or ""] = texts
        elif group.get("class") == "edge" and title is not None:
            tail, head = (title.text or "").split("->")
            edges.append((tail.split(":")[0], head.split(":")[0], " ".join(texts)))
    return nodes, edges
