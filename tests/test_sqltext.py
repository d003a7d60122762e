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
        # Keywords that may name a table or column are left alone, as pglast prints them.
        (("public", "int"), "public.int"),
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
