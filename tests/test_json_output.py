"""`--json` output (cli/output.py `json_text`): the text json.dumps(value, indent=2, default=str,
ensure_ascii=False) writes, with NaN and infinities as null and dataclasses as objects."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import io
import json
from collections import OrderedDict
from typing import NamedTuple

import pytest

from pgshift.cli.output import Output, json_text


class Color(enum.IntEnum):
    RED = 1


class Word(str, enum.Enum):
    HELLO = "hello"


class Pair(NamedTuple):
    a: int
    b: str


VALUES = [
    None,
    True,
    False,
    0,
    2**63 - 1,
    -(2**63),
    1.5,
    -0.0,
    1e300,
    "",
    "plain",
    'quote " backslash \\ tab \t newline \n',
    "é ü ☃ 😀 \x00 \x1f \u2028",
    [],
    {},
    (),
    [[]],
    [{}],
    {"a": {}},
    {"a": []},
    [1, [2, [3, []]], {"x": None}],
    {"nested": {"deeper": [{"k": "v", "n": 1, "t": True, "f": False, "z": None}]}},
    {7: "int key", 2.5: "float key", True: "bool key", None: "null key", "s": "str"},
    {"tuple": (1, 2), "pair": Pair(1, "x"), "ordered": OrderedDict([("b", 1), ("a", 2)])},
    {"enum": Color.RED, "strenum": Word.HELLO, Color.RED: "enum key"},
    {"decimal": decimal.Decimal("1.10"), "date": datetime.date(2024, 1, 2)},
    {"when": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)},
    [decimal.Decimal("2"), {"set": {1}}],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_text_of_json_dumps(value):
    assert json_text(value) == json.dumps(value, indent=2, default=str, ensure_ascii=False)


def test_integers_beyond_64_bits_are_written_whole():
    value = {"n": -12345678901234567890, "m": [2**64]}
    assert json_text(value) == json.dumps(value, indent=2)


def test_what_orjson_refuses_keeps_the_same_values():
    """A file name that is not UTF-8 (a lone surrogate once decoded) or an integer beyond 64
    bits: the standard library writes the document, dataclasses still objects, NaN still
    null, characters outside ASCII escaped (found by review: this crashed)."""

    @dataclasses.dataclass(frozen=True)
    class Finding:
        file: str
        score: float

    name = b"add_\xff.sql".decode("utf-8", "surrogateescape")
    for odd in (name, 2**70):
        value = {"findings": (Finding(name, float("nan")),), "odd": odd, "é": "ü"}
        text = json_text(value)
        assert json.loads(text) == {
            "findings": [{"file": name, "score": None}],
            "odd": odd,
            "é": "ü",
        }
        assert text.isascii()


def test_output_json_of_a_name_that_is_not_utf8():
    out = io.StringIO()
    Output(out, io.StringIO()).json({"file": b"\xff.sql".decode("utf-8", "surrogateescape")})
    assert out.getvalue() == '{\n  "file": "\\udcff.sql"\n}\n'


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_numbers_json_cannot_hold_are_null(number):
    assert json.loads(json_text({"x": number})) == {"x": None}


def test_a_dataclass_is_an_object_of_its_fields():
    @dataclasses.dataclass(frozen=True)
    class Column:
        name: str
        options: tuple[str, ...]

    assert json.loads(json_text([Column("id", ("a=1",))])) == [{"name": "id", "options": ["a=1"]}]


def test_output_json_ends_with_a_line_break():
    out = io.StringIO()
    Output(out, io.StringIO()).json({"a": "é"})
    assert out.getvalue() == '{\n  "a": "é"\n}\n'


def test_output_json_writes_utf8_after_what_was_written_before():
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="latin-1")
    output = Output(out, io.StringIO())
    output.line("before")
    output.json({"name": "☃"})
    output.line("after")
    out.flush()
    assert raw.getvalue() == 'before\n{\n  "name": "☃"\n}\nafter\n'.encode()
