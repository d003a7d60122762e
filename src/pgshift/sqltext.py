"""The one place identifiers and literals are quoted.

Statements are built with `psycopg.sql`: `ident`, `qualified` and `literal` are the pieces, and
`sql.SQL(...).format(...)` puts them together. Where text is needed without a connection (a
script for psql), a composition renders itself with `.as_string(None)`.

Names shown to people (`table public."user"` in a list of changes, a hint naming a function)
go through `display_name`, which quotes a name only when SQL needs it, so what is shown can be
pasted back into SQL.
"""

from __future__ import annotations

from pglast.stream import maybe_double_quote_name
from psycopg import sql


def ident(name: str) -> sql.Identifier:
    """A quoted identifier: `ident('My Table')` renders as `"My Table"`."""
    return sql.Identifier(name)


def qualified(schema: str, name: str) -> sql.Composed:
    """A schema-qualified, quoted name: `"schema"."name"`."""
    return sql.SQL(".").join([sql.Identifier(schema), sql.Identifier(name)])


def literal(value: object) -> sql.Literal:
    """A quoted literal value."""
    return sql.Literal(value)


def display_name(*parts: str) -> str:
    """A name for people to read, its parts joined by dots and each quoted only if it must be.

    pglast's rule (the one its SQL printer follows) decides: a part is quoted unless it is made
    of lower-case ASCII letters, digits and underscores and is not a keyword that cannot name a
    table or a column.

    >>> display_name("public", "user"), display_name("My Table"), display_name("public", "t")
    ('public."user"', '"My Table"', 'public.t')
    """
    return ".".join(maybe_double_quote_name(part) for part in parts)
