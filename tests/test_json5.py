import math

import pytest

from pgshift._json5 import Json5Error, parse_json5


def parse(text):
    return parse_json5(text, source="f.json5")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("{a: 1, // note\n 'b': [0x10,],}", {"a": 1, "b": [16]}),
        (
            '/* lead */ {"a": null, $b_1: true, _c: false} // trail',
            {"a": None, "$b_1": True, "_c": False},
        ),
        ("[.5, 5., +1, -0x1F, 1e3, 1E-2, -.5e+1]", [0.5, 5.0, 1, -31, 1000.0, 0.01, -5.0]),
        ("'it\\'s' ", "it's"),
        ('"\\x41\\u0042\\0\\v\\f\\q\\/"', "AB\0\v\fq/"),
        ("'a\\\nb\\\r\nc\\\u2028d'", "abcd"),  # line continuations
        ("'\\uD83D\\uDE00'", "\U0001f600"),  # an escaped surrogate pair is one character
        ("{\\u0061b: 1, a\\u0030: 2}", {"ab": 1, "a0": 2}),
        ("{a: 1, a: 2}", {"a": 2}),  # the last one wins, as in JavaScript
        ("\ufeff{a:\u00a01}", {"a": 1}),  # BOM and no-break space are white space
        ("{'': 1, \"a b\": 2, true: 3, null: 4}", {"": 1, "a b": 2, "true": 3, "null": 4}),
        ("[\n1,\n2\n// x\n]", [1, 2]),
        ('"line\u2028sep"', "line\u2028sep"),
    ],
)
def test_json5_values(text, value):
    assert parse(text) == value


def test_infinity_and_nan():
    assert parse("[Infinity, -Infinity, +Infinity]") == [math.inf, -math.inf, math.inf]
    assert math.isnan(parse("NaN"))


def test_objects_and_arrays_know_where_their_parts_are():
    doc = parse('{\n  // c\n  "a": [1,\n    {b: 2}],\n  c: 3,\n}')
    assert doc.where == (1, 1)
    assert doc.key_positions == {"a": (3, 3), "c": (5, 3)}
    assert doc["a"].item_positions == [(3, 9), (4, 5)]
    assert doc["a"][1].key_positions == {"b": (4, 6)}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("{a: 01}", "f.json5:1:5: a number may not start with 0 (octal is not JSON5)"),
        ("{a: 1,,}", "f.json5:1:7: unexpected character ','"),
        ("[,]", "f.json5:1:2: unexpected character ','"),
        ("{\n  a: 'x\n'}", "f.json5:2:8: a line break inside a string must be escaped"),
        ("{a: 1}}", "f.json5:1:7: unexpected character '}'"),
        ("{a: 1", "f.json5:1:6: unexpected end of file, expected ',' or '}'"),
        ('"\\1"', "f.json5:1:2: invalid escape '\\1'"),
        ('"\\08"', "f.json5:1:2: octal escapes are not allowed"),
        ("{a: .}", "f.json5:1:5: expected a number"),
        ("{a: 1e}", "f.json5:1:7: expected digits after the exponent"),
        ("{a: 0x}", "f.json5:1:7: expected hexadecimal digits"),
        ("{a: 12abc}", "f.json5:1:7: unexpected character 'a'"),
        ("{\n\n  /* open", "f.json5:3:3: unterminated /* comment"),
        ("{'a' 1}", "f.json5:1:6: expected ':' after the key 'a'"),
        ("{-a: 1}", "f.json5:1:2: unexpected character '-'"),
        ("[1 2]", "f.json5:1:4: expected ',' or ']', found '2'"),
        ("{a: yes}", "f.json5:1:5: unexpected 'yes' (a string needs quotes)"),
        ("{\\u0030a: 1}", "f.json5:1:2: '0' cannot appear in an unquoted key"),
        ('"abc', "f.json5:1:1: unterminated string"),
        ("'\\x4'", "f.json5:1:4: expected 2 hexadecimal digits"),
        ("", "f.json5:1:1: unexpected end of file"),
        ("{} {}", "f.json5:1:4: unexpected character '{'"),
        ("{a: 1}\r\n\r\nx", "f.json5:3:1: unexpected character 'x'"),
        ("{a: \x01}", "f.json5:1:5: unexpected character U+0001"),
        ("{a: ℮}", "f.json5:1:5: unexpected character '℮'"),
    ],
)
def test_json5_errors_name_file_line_and_column(text, error):
    with pytest.raises(Json5Error) as info:
        parse(text)
    assert str(info.value) == error
