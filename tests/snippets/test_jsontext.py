"""JSON with comments, and duplicate keys found where they are."""

from __future__ import annotations

import json

import pytest

from pgshift.snippets._jsontext import JsonProblem, decode, find_duplicate_key, strip_jsonc


def test_comments_and_trailing_commas_are_blanked_in_place() -> None:
    text = '{"a": "x // not a comment /* nor this */", // gone\n "b": [1, 2,], /* gone */ }'
    cleaned = strip_jsonc(text)
    assert len(cleaned) == len(text)
    assert cleaned.count("\n") == text.count("\n")
    assert json.loads(cleaned) == {"a": "x // not a comment /* nor this */", "b": [1, 2]}


def test_escaped_quotes_do_not_end_strings() -> None:
    assert json.loads(strip_jsonc('{"a": "say \\"hi\\" // still text",}')) == {
        "a": 'say "hi" // still text'
    }


def test_same_key_in_different_objects_is_fine() -> None:
    assert decode('{"a": {"k": 1}, "b": {"k": 2}, "k": 3}') == {
        "a": {"k": 1},
        "b": {"k": 2},
        "k": 3,
    }
    assert find_duplicate_key('{"a": {"k": 1}, "b": [{"k": 2}, {"k": 3}]}') is None


def test_duplicate_key_points_at_its_second_occurrence() -> None:
    text = '{"a": {"k": 1, "x": "k", "k": 2}}'
    assert find_duplicate_key(text) == ("k", text.rindex('"k"'))
    with pytest.raises(JsonProblem) as caught:
        decode(text)
    assert (caught.value.message, caught.value.offset) == ('duplicate key "k"', text.rindex('"k"'))


def test_escaped_keys_are_compared_decoded() -> None:
    text = '{"\\u0061": 1, "a": 2}'
    assert find_duplicate_key(text) == ("a", text.index('"a"'))
