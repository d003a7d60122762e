"""What pgshift needs to know about SQL text, from PostgreSQL's own lexer and parser (pglast)."""

from __future__ import annotations

import re

_COMMENT_TOKENS = {"SQL_COMMENT", "C_COMMENT"}
_NO_TRANSACTION = re.compile(r"^--!\s*no-transaction\b")


def fingerprint(sql: str) -> str:
    """The SQL without comments and insignificant white space, for "has it changed?" checks.

    Falls back to the whitespace-normalised text when the lexer cannot read it.
    """
    from pglast import parser  # imported on use: a no-op migrate never needs it

    data = sql.encode("utf-8")
    try:
        tokens = parser.scan(sql)
    except parser.ParseError:
        return " ".join(sql.split())
    return " ".join(
        data[t.start : t.end + 1].decode("utf-8", "replace")
        for t in tokens
        if t.name not in _COMMENT_TOKENS
    )


# White space, `--` comments and unnested `/* */` comments at the start of a text.
_LEADING_NOTHING = re.compile(r"(?:\s+|--[^\n]*|/\*(?:[^*/]|\*(?!/)|/(?!\*))*\*/)*")


def is_blank(sql: str) -> bool:
    """True for text that holds nothing but comments and white space."""
    leading = _LEADING_NOTHING.match(sql)
    rest = sql[leading.end() if leading else 0 :]
    if not rest:
        return True
    if not rest.startswith("/*"):
        return False  # a token that is not a comment: no need to read the rest
    return fingerprint(sql) == ""  # a nested comment: the lexer decides


def count_statements(sql: str) -> int | None:
    """How many statements `sql` holds, or None when it does not parse."""
    from pglast import parser

    try:
        return len(parser.split(sql, with_parser=False))
    except parser.ParseError:
        return None


def is_no_transaction(body: str) -> bool:
    """`--! no-transaction` on the first line of the body."""
    return bool(_NO_TRANSACTION.match(body.split("\n", 1)[0]))
