"""Reading a version never crashes: any text gives statements, or an error naming file and line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pgshift.compat.sqlfiles import read_statements
from pgshift.errors import CompatibilityError

FRAGMENTS = [
    "create or replace function s.f(a int) returns int as 'x' language sql",
    "create procedure s.p(inout x int) language sql as 'select 1'",
    "drop function if exists s.f(int), s.g",
    "-- remove after 2020-01-01\n",
    "-- remove after 2020-13-45\n",
    ";",
    "\n",
    " ",
    "'",
    "$$",
    "/*",
    "*/",
    "(",
    ")",
    "\0",
    "é",
    "begin",
    "commit",
    ":NAME",
]
texts = st.text() | st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=30).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_reading_any_text_gives_statements_or_a_located_error(text: str) -> None:
    try:
        statements = read_statements(text, path="f.sql")
    except CompatibilityError as exc:
        assert str(exc).startswith("f.sql:")
        return
    last_line = text.count("\n") + 1
    for statement in statements:
        assert statement.path == "f.sql" and 1 <= statement.line <= last_line
        assert statement.text.strip()
