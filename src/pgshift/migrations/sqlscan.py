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


def is_blank(sql: str) -> bool:
    """True for text that holds nothing but comments and white space."""
    return fingerprint(sql) == ""


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
