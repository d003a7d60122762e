"""The one place identifiers and literals are quoted.

Statements are built with `psycopg.sql`: `ident`, `qualified` and `literal` are the pieces, and
`sql.SQL(...).format(...)` puts them together. Where text is needed without a connection (a
script for psql), a composition renders itself with `.as_string(None)`.

Names shown to people (`table public."user"` in a list of changes, a hint naming a function)
go through `display_name`, which quotes a name only when SQL needs it, so what is shown can be
pasted back into SQL.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from psycopg import sql

_BARE = re.compile(r"^[a-z_][a-z0-9_]*$")


@cache
def _not_bare() -> frozenset[str]:
    """The keywords a bare name may not be: pglast's lists, from the server's grammar."""
    keywords = _pglast_keywords()
    return frozenset(
        keywords.RESERVED_KEYWORDS | keywords.COL_NAME_KEYWORDS | keywords.TYPE_FUNC_NAME_KEYWORDS
    )


def _pglast_keywords() -> Any:
    """pglast's `keywords` module, a table generated from the server's `kwlist.h`. Loaded on
    its own where it can be: importing it through the package loads pglast's parser and node
    classes too (20 ms, a tenth of a `diff` on a small schema)."""
    import importlib.util
    from pathlib import Path

    package = importlib.util.find_spec("pglast")  # found, not imported
    if package is not None and package.origin is not None:
        path = Path(package.origin).with_name("keywords.py")
        spec = importlib.util.spec_from_file_location("_pgshift_pglast_keywords", path)
        if spec is not None and spec.loader is not None and path.is_file():
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    import pglast.keywords

    return pglast.keywords


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

    PostgreSQL's own rule (`quote_ident`): a part is left bare only when it is made of
    lower-case ASCII letters, digits and underscores, does not start with a digit, and is not a
    keyword other than an unreserved one (so `position`, a column-name keyword, is quoted: bare,
    it cannot name a type or a function). The keyword lists are pglast's, from the server's
    grammar.

    >>> display_name("public", "user"), display_name("My Table"), display_name("public", "t")
    ('public."user"', '"My Table"', 'public.t')
    """
    return ".".join(_quoted_if_needed(part) for part in parts)


def _quoted_if_needed(part: str) -> str:
    if _BARE.match(part) and part not in _not_bare():
        return part
    return '"' + part.replace('"', '""') + '"'
