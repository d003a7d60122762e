"""cli/_jsontext.py writes exactly what json.dumps(value, indent=2, default=str) writes."""

from __future__ import annotations

import datetime
import decimal
import enum
import json
from collections import OrderedDict
from typing import NamedTuple

import pytest

from pgshift.cli._jsontext import dumps


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
    -12345678901234567890,
    1.5,
    -0.0,
    1e300,
    float("nan"),
    float("inf"),
    float("-inf"),
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
    [decimal.Decimal("2"), {"set": {1}}],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_same_text_as_json_dumps(value):
    assert dumps(value, default=str) == json.dumps(value, indent=2, default=str)


def test_a_default_returning_containers():
    def default(value: object) -> object:
        return {"wrapped": [str(value)]}

    value = {"when": datetime.date(2024, 1, 2), "list": [decimal.Decimal("3")]}
    assert dumps(value, default=default) == json.dumps(value, indent=2, default=default)


def test_keys_json_refuses_are_refused():
    with pytest.raises(TypeError):
        json.dumps({(1, 2): 1}, indent=2)
    with pytest.raises(TypeError):
        dumps({(1, 2): 1})
