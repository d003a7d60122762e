"""Splitting a migration into statements with their place on disk, and ignore comments (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pgshift.errors import MigrationFileError
from pgshift.lint.statements import Ignore, Source, split_statements

P = Path("m.sql")


def test_each_statement_starts_at_its_first_token_line_and_column():
    text = "-- héllo\nselect 'é';  -- trailing\n/* c */ create index i on t (a);\n\n  alter table t\n    add column b int;\n"
    split = split_statements(Source(P, text))
    assert [(s.line, s.column, s.kind, s.text) for s in split.statements] == [
        (2, 1, "SelectStmt", "select 'é'"),
        (3, 9, "IndexStmt", "create index i on t (a)"),
        (5, 3, "AlterTableStmt", "alter table t\n    add column b int"),
    ]


def test_a_committed_body_counts_lines_from_where_it_starts_in_the_file():
    split = split_statements(Source(P, "select 1;\nselect 2;\n", first_line=5))
    assert [s.line for s in split.statements] == [5, 6]


def test_text_joined_from_several_files_is_located_in_each():
    fixture = Path("fixtures/f.sql")

    def locate(line: int) -> tuple[Path, int]:
        return (fixture, line - 1) if line in (2, 3) else (P, line)

    split = split_statements(
        Source(P, "select 1;\nselect 2;\nselect 3;\nselect 4;\n", locate=locate)
    )
    assert [(s.path, s.line) for s in split.statements] == [
        (P, 1),
        (fixture, 1),
        (fixture, 2),
        (P, 4),
    ]


def test_placeholders_parse_and_keep_their_offsets():
    text = "grant select on t to :DATABASE_OWNER;\ncreate index on t (a);\n"
    split = split_statements(Source(P, text), placeholders=[":DATABASE_OWNER"])
    assert [(s.line, s.kind) for s in split.statements] == [(1, "GrantStmt"), (2, "IndexStmt")]
    assert split.statements[0].text == "grant select on t to :DATABASE_OWNER"


def test_a_body_with_semicolons_is_one_statement():
    text = "create function f() returns int language sql\nbegin atomic\n  select 1;\n  select 2;\nend;\nselect 3;\n"
    assert [s.line for s in split_statements(Source(P, text)).statements] == [1, 6]


def test_text_that_is_not_sql_is_an_error_at_its_line():
    with pytest.raises(MigrationFileError) as caught:
        split_statements(Source(P, "select 1;\nselec 2;\n", first_line=4))
    assert (caught.value.path, caught.value.line) == (P, 5)
    assert "syntax error at or near" in str(caught.value)


def ignores(text: str) -> list[tuple[int | None, tuple[str, ...], str]]:
    """(statement index or None, rules, reason) of each ignore comment."""
    split = split_statements(Source(P, text))
    found = [(s.index, i.rules, i.reason) for s in split.statements for i in s.ignores]
    return found + [(None, i.rules, i.reason) for i in split.stray_ignores]


def test_an_ignore_on_the_statement_or_right_before_it_belongs_to_it():
    assert ignores(
        "select 1; -- pgshift-lint: ignore create-index -- the table is empty\n"
        "-- pgshift-lint: ignore drop-table, drop-column -- gone from the app in v12\n"
        "-- another comment\n"
        "select 2;\n"
        "alter table t\n"
        "  -- pgshift-lint: ignore set-not-null -- t has 3 rows\n"
        "  alter column a set not null;\n"
    ) == [
        (0, ("create-index",), "the table is empty"),
        (1, ("drop-table", "drop-column"), "gone from the app in v12"),
        (2, ("set-not-null",), "t has 3 rows"),
    ]


def test_an_ignore_separated_by_an_empty_line_or_after_the_last_statement_is_on_none():
    assert ignores(
        "-- pgshift-lint: ignore lock-table -- why\n\nselect 1;\n-- pgshift-lint: ignore cluster -- why\n"
    ) == [(None, ("lock-table",), "why"), (None, ("cluster",), "why")]


def test_an_ignore_without_a_reason_has_an_empty_reason():
    assert ignores("select 1; -- pgshift-lint: ignore create-index\n") == [
        (0, ("create-index",), "")
    ]
    assert ignores("select 1; -- pgshift-lint: ignore create-index --   \n") == [
        (0, ("create-index",), "")
    ]


def test_the_ignore_says_where_it_is():
    split = split_statements(
        Source(P, "\nselect 1;   -- pgshift-lint: ignore x -- y\n", first_line=3)
    )
    assert split.statements[0].ignores == (Ignore(P, 4, 13, ("x",), "y"),)
