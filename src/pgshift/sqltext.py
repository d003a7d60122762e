"""The one place identifiers and literals are quoted for SQL that pgshift builds."""

from __future__ import annotations

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


def quote_ident(name: str) -> str:
    """Quote an identifier to text without a connection (PostgreSQL's rules: double any `"`)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """Quote a text literal without a connection (standard_conforming_strings on)."""
    if "\\" in value:
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
    return "'" + value.replace("'", "''") + "'"
