"""Quoting: statements through psycopg.sql, names for people through `display_name`."""

from __future__ import annotations

import pglast
import pytest

from pgshift.sqltext import display_name, literal, qualified


@pytest.mark.parametrize(
    ("parts", "shown"),
    [
        (("public", "t"), "public.t"),
        (("app", "users", "email"), "app.users.email"),
        (("_x1",), "_x1"),
        # Reserved words, and keywords that cannot name a table ("left", "join").
        (("public", "user"), 'public."user"'),
        (("select",), '"select"'),
        (("app", "left"), 'app."left"'),
        # Column-name keywords too, as PostgreSQL's quote_ident has it: bare, "position" cannot
        # name a type and "trim" cannot name a function.
        (("public", "int"), 'public."int"'),
        (("trim",), '"trim"'),
        (("position",), '"position"'),
        # Unreserved keywords need no quotes.
        (("name",), "name"),
        (("text",), "text"),
        (("My Table",), '"My Table"'),
        (("app", "Users"), 'app."Users"'),
        (('say "hi"',), '"say ""hi"""'),
        (("café",), '"café"'),
        (("1st",), '"1st"'),
        (("a$b",), '"a$b"'),
    ],
)
def test_display_name_quotes_only_what_sql_needs(parts: tuple[str, ...], shown: str) -> None:
    assert display_name(*parts) == shown


@pytest.mark.parametrize("name", ["user", "select", "left", "My Table", 'say "hi"', "café", "t"])
def test_display_name_is_sql_that_names_the_same_table(name: str) -> None:
    statement = pglast.parse_sql(f"select * from {display_name('public', name)}")[0].stmt
    assert statement.fromClause[0].relname == name


def test_statements_render_without_a_connection() -> None:
    assert qualified("public", 'a"b').as_string(None) == '"public"."a""b"'
    assert literal("it's").as_string(None) == "'it''s'"


def test_display_name_agrees_with_the_server(conn) -> None:
    # quote_ident is the server's own rule; every keyword category and odd name is checked.
    from pglast.keywords import (
        COL_NAME_KEYWORDS,
        RESERVED_KEYWORDS,
        TYPE_FUNC_NAME_KEYWORDS,
        UNRESERVED_KEYWORDS,
    )

    names = sorted(COL_NAME_KEYWORDS | RESERVED_KEYWORDS | TYPE_FUNC_NAME_KEYWORDS)
    names += sorted(UNRESERVED_KEYWORDS)[:40] + ["a$b", "1st", "café", "My Table", "_x", "t1"]
    rows = conn.execute("select n, quote_ident(n) from unnest(%s::text[]) n", [names]).fetchall()
    assert [(n, display_name(n)) for n, _ in rows] == rows


def test_the_keywords_are_pglasts_read_without_importing_its_parser():
    import subprocess
    import sys

    from pglast.keywords import COL_NAME_KEYWORDS, RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS

    from pgshift.sqltext import _not_bare

    assert _not_bare() == RESERVED_KEYWORDS | COL_NAME_KEYWORDS | TYPE_FUNC_NAME_KEYWORDS
    probe = (
        "import sys; from pgshift.sqltext import display_name;"
        " print(display_name('public', 'user'), 'pglast' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout == 'public."user" False\n'
