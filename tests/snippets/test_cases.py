"""Each folder under cases/ is one snippet source: expected output or expected errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pgshift.snippets import SnippetError, SnippetSource, collect_snippets, render_snippets

CASES = Path(__file__).parent / "cases"


def _cases(kind: str) -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / kind).exists())


def _collect(name: str) -> dict:
    # The expected output is a .code-snippets file too: read as a source, it would win over
    # every generated entry of the same key and the comparison would prove nothing.
    expected = CASES / name / "expected.code-snippets"
    source = SnippetSource(CASES / name, "shift-", "case")
    return collect_snippets([source], multitenancy=False, skip=[expected])


@pytest.mark.parametrize("name", _cases("expected.code-snippets"))
def test_generates_expected_snippets(name: str) -> None:
    text = render_snippets(_collect(name))
    assert text == (CASES / name / "expected.code-snippets").read_text(encoding="utf-8")
    assert text.endswith("}\n")
    json.loads(text)


@pytest.mark.parametrize("name", _cases("expected-error.txt"))
def test_reports_mistake_with_file_and_line(name: str) -> None:
    with pytest.raises(SnippetError) as caught:
        _collect(name)
    expected = (CASES / name / "expected-error.txt").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in caught.value.problems] == expected
    assert str(caught.value).endswith("\nNothing was written.")


def test_every_problem_of_every_file_is_reported_together(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text("snippet-*/\n")
    (tmp_path / "b.sql").write_text("/*-snippet\n{}\n")
    with pytest.raises(SnippetError) as caught:
        collect_snippets([SnippetSource(tmp_path, "", "src")], multitenancy=False)
    assert [(p.path, p.line) for p in caught.value.problems] == [("src/a.sql", 1), ("src/b.sql", 1)]
    assert str(caught.value).startswith("2 problems in snippet sources:\n  src/a.sql:1: ")


def test_later_file_redefines_a_function(tmp_path: Path) -> None:
    block = '/*-snippet\n{{"body": "{}"}}\nsnippet-*/\ncreate function app.f() returns int;\n'
    (tmp_path / "committed").mkdir()
    (tmp_path / "committed" / "000001.sql").write_text(block.format("old"))
    (tmp_path / "current.sql").write_text(block.format("new"))
    entries = collect_snippets([SnippetSource(tmp_path, "p-", "m")], multitenancy=False)
    assert entries == {"F (App)": {"prefix": "p-f", "body": "new", "scope": "sql"}}


def test_output_does_not_depend_on_file_order(tmp_path: Path) -> None:
    names = ["b.sql", "a.sql", "c/z.sql", "c/a.sql"]
    for i, name in enumerate(names):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f'/*-snippet\n{{"body": "{i}"}}\nsnippet-*/\ncreate function s.f{i}();\n')
    source = [SnippetSource(tmp_path, "", "x")]
    first = render_snippets(collect_snippets(source, multitenancy=False))
    assert list(json.loads(first)) == ["F0 (S)", "F1 (S)", "F2 (S)", "F3 (S)"]
    again = render_snippets(collect_snippets(source, multitenancy=False))
    assert first == again


def test_crlf_files_give_the_same_snippets(tmp_path: Path) -> None:
    text = (CASES / "recognised" / "input.sql").read_text(encoding="utf-8")
    (tmp_path / "input.sql").write_bytes(text.replace("\n", "\r\n").encode())
    entries = collect_snippets([SnippetSource(tmp_path, "shift-", "crlf")], multitenancy=False)
    assert entries == _collect("recognised")


def test_crlf_errors_keep_their_lines(tmp_path: Path) -> None:
    text = (CASES / "invalid-json" / "input.sql").read_text(encoding="utf-8")
    (tmp_path / "input.sql").write_bytes(text.replace("\n", "\r\n").encode())
    with pytest.raises(SnippetError) as caught:
        collect_snippets([SnippetSource(tmp_path, "", "case")], multitenancy=False)
    assert [str(p) for p in caught.value.problems] == [
        "case/input.sql:5:18: invalid JSON: Expecting value"
    ]


def test_a_byte_order_mark_is_not_part_of_line_one(tmp_path: Path) -> None:
    text = (CASES / "recognised" / "input.sql").read_text(encoding="utf-8")
    (tmp_path / "input.sql").write_bytes(b"\xef\xbb\xbf" + text.split("\n", 1)[1].encode())
    entries = collect_snippets([SnippetSource(tmp_path, "shift-", "bom")], multitenancy=False)
    assert entries == _collect("recognised")


def test_a_byte_order_mark_keeps_error_lines(tmp_path: Path) -> None:
    text = (CASES / "never-closed" / "input.sql").read_text(encoding="utf-8")
    (tmp_path / "input.sql").write_bytes(b"\xef\xbb\xbf" + text.encode())
    with pytest.raises(SnippetError) as caught:
        collect_snippets([SnippetSource(tmp_path, "", "case")], multitenancy=False)
    assert [str(p) for p in caught.value.problems] == (
        (CASES / "never-closed" / "expected-error.txt").read_text(encoding="utf-8").splitlines()
    )


def test_a_code_snippets_file_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "mine.code-snippets").write_bytes(b'\xef\xbb\xbf{"F": {"body": "x"}}\n')
    entries = collect_snippets([SnippetSource(tmp_path, "", "bom")], multitenancy=False)
    assert entries == {"F": {"body": "x"}}
