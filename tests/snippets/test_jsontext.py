"""JSON with comments, and duplicate keys found where they are."""

from __future__ import annotations

import json

import pytest

from pgshift.snippets._jsontext import (
    JsonProblem,
    Member,
    decode,
    find_duplicate_key,
    item_offsets,
    member_offsets,
    strip_jsonc,
)


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


def test_members_are_found_where_they_are_written() -> None:
    text = '\n {"a" : [1, {"b": "]}"}],\n  "\\u0063": "x\\"y", "d":{}, "e":null }'
    found = member_offsets(text, 0)
    assert found == {
        "a": Member(text.index('"a"'), text.index("[")),
        "c": Member(text.index('"\\u0063"'), text.index('"x')),
        "d": Member(text.index('"d"'), text.index("{}")),
        "e": Member(text.index('"e"'), text.index("null")),
    }
    assert member_offsets("{}", 0) == {}


def test_items_are_found_where_they_are_written() -> None:
    text = '{"k": [ "a,]" , [1, [2]],\n\t{"x": "}"},-1.5e3, true ]}'
    start = member_offsets(text, 0)["k"].value_at
    assert item_offsets(text, start) == [
        text.index('"a'),
        text.index("[1"),
        text.index('{"x'),
        text.index("-1"),
        text.index("true"),
    ]
    assert item_offsets("[ ]", 0) == []


def test_offsets_hold_in_a_file_with_comments() -> None:
    text = '{ // a "key": here\n "k": /* [ */ ["v", /* , */ 2,], }'
    cleaned = strip_jsonc(text)
    start = member_offsets(cleaned, 0)["k"].value_at
    assert start == text.index('["v"')
    assert item_offsets(cleaned, start) == [text.index('"v"'), text.index("2,]")]
