"""docs/library.md stays in step with the code: the codes table and the function catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from pgshift.library.codes import CODES
from pgshift.library.install import library_files

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "library.md").read_text()


def test_codes_table_matches_codes_py():
    rows = re.findall(r"^\| `(\w{5})` \| `(\w+)` \| (.+?) \|$", DOCS, re.MULTILINE)
    assert [(code, cls, meaning) for code, cls, meaning in rows] == [
        (c.sqlstate, c.exception.__name__, c.meaning) for c in CODES.values()
    ]


def test_every_function_is_in_the_catalogue():
    names = set()
    for area in ("utils", "define"):
        for _, text in library_files(area, multitenancy=True):
            names |= set(re.findall(r"^CREATE OR REPLACE FUNCTION (\w+\.\w+)\(", text, re.M))
    missing = sorted(n for n in names if not re.search(re.escape(n) + r"\b", DOCS))
    assert missing == []
    assert len(names) > 100
