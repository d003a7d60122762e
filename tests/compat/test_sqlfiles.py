"""Reading SQL files into statements (pure logic, no server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pgshift.compat.sqlfiles import read_folder, read_statements
from pgshift.errors import CompatibilityError

ATOMIC = (
    "create or replace function s.f(a int) returns int\n"
    "begin atomic\n  select 1;\n  select a;\nend;\n"
    "select 2;\n"
)


def test_a_begin_atomic_body_is_one_statement() -> None:
    first, second = read_statements(ATOMIC, path="lib.sql")
    assert first.definition is not None and first.definition.name == "f"
    assert first.text.endswith("select a;\nend")
    assert (second.line, second.text) == (6, "select 2")
    assert not first.transaction_control and not second.transaction_control


def test_a_byte_order_mark_is_not_sql(tmp_path: Path) -> None:
    (tmp_path / "lib.sql").write_bytes(b"\xef\xbb\xbf" + ATOMIC.encode())
    first, _ = read_folder(tmp_path, label="new")
    assert (first.line, first.column) == (1, 1)
    assert first.definition is not None


def test_placeholders_are_read_as_names() -> None:
    text = "grant usage on schema s to :DATABASE_OWNER;\n" + ATOMIC
    grant, function, _ = read_statements(text, path="lib.sql")
    assert grant.text == "grant usage on schema s to :DATABASE_OWNER"
    assert function.definition is not None and function.line == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("select 1;\nselec 2;\n", 'lib.sql:2: cannot read SQL: syntax error at or near "selec"'),
        (
            ATOMIC + "create or replace function s.g() returns int language sql as 'select 1' x;\n",
            'lib.sql:7: cannot read SQL: syntax error at or near "x"',
        ),
    ],
)
def test_sql_that_does_not_parse_is_an_error_with_file_and_line(text: str, message: str) -> None:
    with pytest.raises(CompatibilityError) as caught:
        read_statements(text, path="lib.sql")
    assert str(caught.value) == message


def test_an_unbalanced_parenthesis_does_not_drop_the_rest_of_the_file() -> None:
    text = ATOMIC + "select (1;\ncreate or replace function s.g() returns int language sql as '';\n"
    with pytest.raises(CompatibilityError) as caught:
        read_statements(text, path="lib.sql")
    assert str(caught.value) == 'lib.sql:7: cannot read SQL: syntax error at or near ";"'
