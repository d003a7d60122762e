"""The committed-migration hash, identical to graphile-migrate's."""

from __future__ import annotations

import hashlib

# Exactly what JavaScript's String.prototype.trim removes (WhiteSpace + LineTerminator).
# Python's str.strip() also removes \x1c-\x1f and \x85, which would change hashes.
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def js_trim(text: str) -> str:
    """`text.trim()` as JavaScript does it."""
    return text.strip(JS_WHITESPACE)


def compute_hash(body: str, previous_hash: str | None) -> str:
    """`sha1:` + hex sha1 of trim(previous + "\\n" + trim(body)) + "\\n".

    `previous_hash` keeps its `sha1:` prefix; None (the first migration) counts as "".
    """
    text = js_trim((previous_hash or "") + "\n" + js_trim(body)) + "\n"
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()
