"""The parser never crashes: any text gives snippets, or problems that name a file and line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pgshift.snippets import parse_code_snippets, parse_sql_snippets

FRAGMENTS = [
    "/*-snippet",
    "snippet-*/",
    "\n",
    " ",
    '{"body": "x"}',
    '{"body": ["a", "b"], "prefix": "p"}',
    '{"body": "x", "body": "y"}',
    "{",
    "}",
    '"',
    "'",
    "$$",
    "$a$",
    "--",
    "/*",
    "*/",
    "create",
    "CREATE OR REPLACE FUNCTION",
    "function",
    "procedure",
    " app.f(",
    '"Q"."n" (',
    "s.",
    "(",
    ");",
    'U&"\\0061"',
    "\\",
    "é",
    "\0",
    "\r\n",
    "e'\\'",
    "or replace",
]

annotated_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map(
    "".join
)


def _check(text: str) -> None:
    snippets, problems = parse_sql_snippets(text, path="f.sql", prefix="p-")
    last_line = text.count("\n") + 1
    for problem in problems:
        assert problem.path == "f.sql"
        assert 1 <= problem.line <= last_line
        assert problem.message
    for snippet in snippets:
        assert snippet.path == "f.sql" and 1 <= snippet.line <= last_line
        assert snippet.key and snippet.entry["scope"] and "body" in snippet.entry


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=500, deadline=None)
@given(annotated_text)
def test_text_built_from_snippet_syntax_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text() | annotated_text)
def test_code_snippets_files_never_crash(text: str) -> None:
    snippets, problems = parse_code_snippets(text, path="f.code-snippets")
    for problem in problems:
        assert problem.path == "f.code-snippets" and problem.line >= 1
    for snippet in snippets:
        assert "body" in snippet.entry
