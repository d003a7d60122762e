from pathlib import Path

import pytest

from pgshift.migrations.files import read_committed
from pgshift.migrations.hashing import compute_hash, js_trim

GOLDENS = Path(__file__).parents[1] / "compat" / "graphile"


def test_first_migration_hash_matches_graphile_migrate():
    body = "drop table if exists a;\ncreate table a (id int primary key);\n"
    assert compute_hash(body, None) == "sha1:13409e68b12b8d30d6e6e547f0853760cab45524"


def test_every_golden_file_rehashes_to_its_header():
    migrations = read_committed(GOLDENS)
    assert len(migrations) == 5
    for migration in migrations:
        assert migration.computed_hash == migration.hash, migration.path


@pytest.mark.parametrize("char", ["\x1c", "\x1d", "\x1e", "\x1f", "\x85"])
def test_js_trim_keeps_what_python_strip_would_remove(char):
    assert js_trim(f"{char}x{char}") == f"{char}x{char}"
    assert compute_hash(f"select 1;{char}", None) != compute_hash("select 1;", None)


@pytest.mark.parametrize("char", ["\u00a0", "\ufeff", "\u2028", "\u3000", "\t", "\v"])
def test_js_trim_removes_javascript_whitespace(char):
    assert js_trim(f"{char}x{char}") == "x"
