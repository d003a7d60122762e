"""The one loader of bundled query files."""

from __future__ import annotations

from pathlib import Path

import pytest

import pgshift
from pgshift.queries import read_query

ROOT = Path(pgshift.__file__).parent
QUERIES = sorted(ROOT.glob("*/queries/*.sql"))


def test_every_area_has_queries() -> None:
    assert {path.parent.parent.name for path in QUERIES} == {
        "adoption",
        "cloning",
        "compat",
        "inspect",
        "lint",
        "migrations",
    }


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_each_query_file_loads_once(path: Path) -> None:
    text = read_query(path.parent.parent.name, path.stem)
    assert text == path.read_text(encoding="utf-8")
    assert read_query(path.parent.parent.name, path.stem) is text
