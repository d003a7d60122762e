"""A strict JSON5 reader that remembers where each value was written.

graphile-migrate reads `.gmrc` with the `json5` npm package, so a `.gmrc` may hold comments,
trailing commas, unquoted keys, single-quoted strings, hex numbers and the rest of JSON5
(https://spec.json5.org). This reader accepts exactly that grammar and reports anything else as
`file:line:column: message`. Objects come back as `Json5Object` (a dict that also knows the
line and column of each key) and arrays as `Json5Array` (a list that knows where each item
starts), so the settings reader can point at the key it rejects. Pure: no I/O.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

Position = tuple[int, int]  # line, column; both 1-based


class Json5Error(ValueError):
    """Text that is not JSON5; `str()` is `source:line:column: message`."""

    def __init__(self, message: str, *, source: str, line: int, column: int) -> None:
        super().__init__(f"{source}:{line}:{column}: {message}")
        self.message = message
        self.line = line
        self.column = column


class Json5Object(dict[str, Any]):
    """A JSON5 object: a dict, plus `where` (its `{`) and `key_positions` (each key's start).

    A key written twice keeps its last value, as JavaScript's JSON5.parse does.
    """

    def __init__(self, where: Position) -> None:
        super().__init__()
        self.where = where
        self.key_positions: dict[str, Position] = {}


class Json5Array(list[Any]):
    """A JSON5 array: a list, plus `where` (its `[`) and `item_positions` (each item's start)."""

    def __init__(self, where: Position) -> None:
        super().__init__()
        self.where = where
        self.item_positions: list[Position] = []


# ECMAScript 5.1 WhiteSpace and LineTerminator, as JSON5 defines white space.
_SPACE = {"\t", "\n", "\v", "\f", "\r", " ", "\u00a0", "\u2028", "\u2029", "\ufeff"}
_LINE_ENDS = {"\n", "\r", "\u2028", "\u2029"}
_SINGLE_ESCAPES = {
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "'": "'",
    '"': '"',
    "\\": "\\",
}
_ID_START_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"}
_ID_PART_CATEGORIES = _ID_START_CATEGORIES | {"Mn", "Mc", "Nd", "Pc"}
_LITERALS: dict[str, Any] = {
    "null": None,
    "true": True,
    "false": False,
    "Infinity": math.inf,
    "NaN": math.nan,
}


def parse_json5(text: str, *, source: str) -> Any:
    """Parse one JSON5 value (surrounded only by white space and comments).

    `source` names the text in error messages (usually the file's path).

    >>> parse_json5("{a: 1, // note\\n 'b': [0x10,],}", source="x")
    {'a': 1, 'b': [16]}
    """
    return _Reader(text, source).document()


# Each predicate takes one character, or "" at the end of the text (never a match).
def _is_space(char: str) -> bool:
    return char != "" and (char in _SPACE or unicodedata.category(char) == "Zs")


def _is_id_start(char: str) -> bool:
    return char != "" and (char in "$_" or unicodedata.category(char) in _ID_START_CATEGORIES)


def _is_id_part(char: str) -> bool:
    return char != "" and (
        char in "$_\u200c\u200d" or unicodedata.category(char) in _ID_PART_CATEGORIES
    )


def _is_digit(char: str) -> bool:
    return char != "" and char in "0123456789"


def _is_hex_digit(char: str) -> bool:
    return char != "" and char in "0123456789abcdefABCDEF"


def _join_surrogates(text: str) -> str:
    """Turn `\\uD83D\\uDE00`-style escaped pairs into one character, as JavaScript strings do."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


class _Reader:
    """Recursive descent over the text; `pos` is an index into it."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.pos = 0

    # --- positions and errors -----------------------------------------------------------------

    def position(self, index: int | None = None) -> Position:
        index = self.pos if index is None else index
        before = self.text[:index]
        # A CRLF pair is one line end; so is a lone CR.
        line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
        start = max(before.rfind("\n"), before.rfind("\r")) + 1
        return line, index - start + 1

    def fail(self, message: str, index: int | None = None) -> Json5Error:
        line, column = self.position(index)
        return Json5Error(message, source=self.source, line=line, column=column)

    def unexpected(self) -> Json5Error:
        if self.pos >= len(self.text):
            return self.fail("unexpected end of file")
        char = self.text[self.pos]
        shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
        return self.fail(f"unexpected character {shown}")

    def peek(self, offset: int = 0) -> str:
        """The character at `pos + offset`, or "" past the end."""
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def at(self, chars: str) -> bool:
        """Whether the next character is one of `chars` (never at the end)."""
        char = self.peek()
        return char != "" and char in chars

    # --- white space and comments -------------------------------------------------------------

    def skip_space(self) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if _is_space(char):
                self.pos += 1
            elif text.startswith("//", self.pos):
                while self.pos < len(text) and text[self.pos] not in _LINE_ENDS:
                    self.pos += 1
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    raise self.fail("unterminated /* comment")
                self.pos = end + 2
            else:
                return

    # --- values -------------------------------------------------------------------------------

    def document(self) -> Any:
        self.skip_space()
        value = self.value()
        self.skip_space()
        if self.pos < len(self.text):
            raise self.unexpected()
        return value

    def value(self) -> Any:
        if self.at("{"):
            return self.object()
        if self.at("["):
            return self.array()
        if self.at("\"'"):
            return self.string()
        if self.at("+-.0123456789"):
            return self.number()
        word_start = self.pos
        while _is_id_part(self.peek()):
            self.pos += 1
        word = self.text[word_start : self.pos]
        if word in _LITERALS:
            return _LITERALS[word]
        if word:
            raise self.fail(f"unexpected {word!r} (a string needs quotes)", word_start)
        raise self.unexpected()

    def object(self) -> Json5Object:
        result = Json5Object(self.position())
        self.pos += 1
        while True:
            self.skip_space()
            if self.peek() == "}":
                self.pos += 1
                return result
            where = self.position()
            key = self.string() if self.at("\"'") else self.identifier()
            self.skip_space()
            if self.peek() != ":":
                raise self.fail(f"expected ':' after the key {key!r}")
            self.pos += 1
            self.skip_space()
            result[key] = self.value()
            result.key_positions[key] = where
            if not self.separator("}"):
                return result

    def array(self) -> Json5Array:
        result = Json5Array(self.position())
        self.pos += 1
        while True:
            self.skip_space()
            if self.peek() == "]":
                self.pos += 1
                return result
            result.item_positions.append(self.position())
            result.append(self.value())
            if not self.separator("]"):
                return result

    def separator(self, closing: str) -> bool:
        """After a member: a comma (True: more may follow) or the closing bracket (False)."""
        self.skip_space()
        char = self.peek()
        if char == ",":
            self.pos += 1
            return True
        if char == closing:
            self.pos += 1
            return False
        if not char:
            raise self.fail(f"unexpected end of file, expected ',' or {closing!r}")
        raise self.fail(f"expected ',' or {closing!r}, found {char!r}")

    def identifier(self) -> str:
        """An ECMAScript IdentifierName (letters, `$`, `_`, digits after the first; `\\uXXXX`)."""
        name: list[str] = []
        while True:
            where = self.pos
            if self.at("\\"):
                if self.peek(1) != "u":
                    raise self.fail("expected \\u in a key", where)
                self.pos += 2
                char = chr(self.hex_digits(4))
                if not (_is_id_part(char) if name else _is_id_start(char)):
                    raise self.fail(f"{char!r} cannot appear in an unquoted key", where)
            else:
                char = self.peek()
                if not (_is_id_part(char) if name else _is_id_start(char)):
                    break
                self.pos += 1
            name.append(char)
        if not name:
            raise self.unexpected()
        return "".join(name)

    def string(self) -> str:
        quote = self.text[self.pos]
        start = self.pos
        self.pos += 1
        out: list[str] = []
        while True:
            char = self.peek()
            if not char:
                raise self.fail("unterminated string", start)
            self.pos += 1
            if char == quote:
                return _join_surrogates("".join(out))
            if char in "\n\r":
                raise self.fail("a line break inside a string must be escaped", self.pos - 1)
            if char == "\\":
                out.append(self.escape())
            else:
                out.append(char)

    def escape(self) -> str:
        char = self.peek()
        if not char:
            raise self.unexpected()
        self.pos += 1
        if char in _SINGLE_ESCAPES:
            return _SINGLE_ESCAPES[char]
        if char == "0":
            if _is_digit(self.peek()):
                raise self.fail("octal escapes are not allowed", self.pos - 2)
            return "\0"
        if _is_digit(char):
            raise self.fail(f"invalid escape '\\{char}'", self.pos - 2)
        if char == "x":
            return chr(self.hex_digits(2))
        if char == "u":
            return chr(self.hex_digits(4))
        if char in _LINE_ENDS:  # a line continuation: backslash, line end, nothing kept
            if char == "\r" and self.peek() == "\n":
                self.pos += 1
            return ""
        return char  # JSON5 lets any other character escape itself

    def hex_digits(self, count: int) -> int:
        digits = self.text[self.pos : self.pos + count]
        if len(digits) != count or not all(_is_hex_digit(d) for d in digits):
            raise self.fail(f"expected {count} hexadecimal digits")
        self.pos += count
        return int(digits, 16)

    def number(self) -> int | float:
        start = self.pos
        sign = -1 if self.at("-") else 1
        if self.at("+-"):
            self.pos += 1
        for word in ("Infinity", "NaN"):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return sign * float(_LITERALS[word])
        if self.at("0") and self.peek(1) in ("x", "X"):
            self.pos += 2
            digits_start = self.pos
            while _is_hex_digit(self.peek()):
                self.pos += 1
            if self.pos == digits_start:
                raise self.fail("expected hexadecimal digits")
            return self.end_of_number(sign * int(self.text[digits_start : self.pos], 16))
        integer = self.digits()
        if len(integer) > 1 and integer[0] == "0":
            raise self.fail("a number may not start with 0 (octal is not JSON5)", start)
        fraction = None
        if self.at("."):
            self.pos += 1
            fraction = self.digits()
        if not integer and not fraction:
            raise self.fail("expected a number", start)
        exponent = None
        if self.at("eE"):
            self.pos += 1
            exponent = self.peek() if self.at("+-") else ""
            self.pos += len(exponent)
            digits = self.digits()
            if not digits:
                raise self.fail("expected digits after the exponent")
            exponent += digits
        if fraction is None and exponent is None:
            return self.end_of_number(sign * int(integer))
        return self.end_of_number(
            sign * float(f"{integer or '0'}.{fraction or '0'}e{exponent or '0'}")
        )

    def end_of_number(self, value: int | float) -> int | float:
        """A number must not run into a letter or digit (`12abc`, `0x1g`)."""
        if _is_id_start(self.peek()) or _is_digit(self.peek()):
            raise self.unexpected()
        return value

    def digits(self) -> str:
        start = self.pos
        while _is_digit(self.peek()):
            self.pos += 1
        return self.text[start : self.pos]
