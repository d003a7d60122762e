"""The parser never crashes: any text gives snippets, or problems that name a file and line."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pglast.keywords import RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS

from pgshift.snippets import parse_code_snippets, parse_sql_snippets, snippet_key

FRAGMENTS = [
    "/*-snippet",
    "snippet-*/",
    "\n",
    " ",
    '{"body": "x"}',
    '{"body": ["a", "b"], "prefix": "p"}',
    '{"body": "x", "body": "y"}',
    '{"body": "x", "description": ["a", "b"], "scope": "sql", "isFileTemplate": true}',
    '{"body": [], "prefix": [1], "description": {}, "scope": [], "isFileTemplate": 0}',
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
        assert problem.column is None or problem.column >= 1
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


# Words that cannot be a schema name unquoted (PostgreSQL's ColId excludes them).
KEYWORDS = RESERVED_KEYWORDS | TYPE_FUNC_NAME_KEYWORDS
identifiers = st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda s: s not in KEYWORDS
)
gaps = st.lists(
    st.sampled_from([" ", "  ", "\n", "\t", " /* note */ ", " -- note\n", "\r\n"]),
    min_size=1,
    max_size=3,
).map("".join)


@st.composite
def spelled(draw: st.DrawFn, name: str) -> str:
    """`name` written any way PostgreSQL reads as the same lower-case identifier."""
    style = draw(st.sampled_from(["plain", "upper", "mixed", "quoted"]))
    if style == "quoted":
        return f'"{name}"'
    if style == "upper":
        return name.upper()
    if style == "mixed":
        return "".join(c.upper() if draw(st.booleans()) else c for c in name)
    return name


@st.composite
def definitions(draw: st.DrawFn) -> tuple[str, str, str]:
    schema, name = draw(identifiers), draw(identifiers)
    words = ["create"]
    if draw(st.booleans()):
        words += ["or", "replace"]
    words.append(draw(st.sampled_from(["function", "procedure"])))
    head = "".join(draw(spelled(w)).strip('"') + draw(gaps) for w in words)
    qualified = (
        draw(spelled(schema))
        + draw(st.sampled_from(["", " ", "\n"]))
        + "."
        + draw(st.sampled_from(["", " "]))
        + draw(spelled(name))
    )
    paren = draw(st.sampled_from(["(", " (", "\n(", " /* x */ ("]))
    return schema, name, f"{head}{qualified}{paren}a int) returns int as 'select 1';\n"


@settings(max_examples=300, deadline=None)
@given(definitions(), gaps)
def test_every_spelling_of_a_definition_is_recognised(
    definition: tuple[str, str, str], gap: str
) -> None:
    schema, name, sql = definition
    text = f'/*-snippet\n{{"body": "x"}}\nsnippet-*/{gap}{sql}'
    snippets, problems = parse_sql_snippets(text, path="f.sql", prefix="p-")
    assert problems == []
    assert [(s.key, s.entry["prefix"]) for s in snippets] == [
        (snippet_key(schema, name), "p-" + name.replace("_", "-"))
    ]


# JSON values of every type; no `/` or `*`, which would make a block's text end the comment.
plain_text = st.text(st.characters(blacklist_characters="/*"), max_size=5)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | plain_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(plain_text, inner, max_size=3),
    max_leaves=6,
)
text_or_lines = plain_text | st.lists(plain_text, min_size=1, max_size=3)
entries = st.fixed_dictionaries(
    {"body": text_or_lines | json_values},
    optional={
        "prefix": text_or_lines | json_values,
        "description": text_or_lines | json_values,
        "scope": plain_text | json_values,
        "isFileTemplate": st.booleans() | json_values,
        "other": json_values,
    },
)


def _vscode_accepts(entry: dict[str, Any]) -> bool:
    """VS Code's forms, stated apart from the code under test."""

    def is_text_or_lines(value: Any) -> bool:
        return isinstance(value, str) or (
            isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
        )

    return (
        all(
            is_text_or_lines(entry[key])
            for key in ("body", "prefix", "description")
            if key in entry
        )
        and isinstance(entry.get("scope", ""), str)
        and isinstance(entry.get("isFileTemplate", False), bool)
    )


def _points_at_a_value(text: str, line: int, column: int | None) -> bool:
    assert column is not None
    return text.split("\n")[line - 1][column - 1] in '"[{-0123456789tfn'


@settings(max_examples=300, deadline=None)
@given(entries, st.sampled_from([None, 0, 2]))
def test_fields_are_kept_as_written_or_reported_where_they_are(
    entry: dict[str, Any], indent: int | None
) -> None:
    block = json.dumps(entry, indent=indent)
    sql = f"/*-snippet\n{block}\nsnippet-*/\ncreate function app.f() returns int;\n"
    snippets, problems = parse_sql_snippets(sql, path="f.sql", prefix="p-")
    custom = json.dumps({"S": entry}, indent=indent)
    entered, trouble = parse_code_snippets(custom, path="f.code-snippets")
    if _vscode_accepts(entry):
        assert problems == [] and trouble == []
        assert snippets[0].entry == {"prefix": "p-f", "scope": "sql", **entry}
        assert entered[0].entry == entry
    else:
        assert snippets == [] and entered == []
        assert problems and all(_points_at_a_value(sql, p.line, p.column) for p in problems)
        assert trouble and all(_points_at_a_value(custom, p.line, p.column) for p in trouble)
