"""Versions as each tool orders and matches them, and statements refused in a transaction
(pure: no database)."""

import pytest

from pgshift.adoption.statements import find_non_transactional
from pgshift.adoption.versions import canonical_version, node_pg_migrate_prefix, version_key


def test_flyway_versions_compare_as_numbers_without_trailing_zero_parts():
    # MigrationVersion.java: `_` reads as `.`, parts are numbers, trailing zero parts dropped.
    assert version_key("flyway", "1.0") == version_key("flyway", "1")
    assert version_key("flyway", "1_1") == version_key("flyway", "1.1")
    assert version_key("flyway", "1.10") > version_key("flyway", "1.9")
    assert canonical_version("flyway", "2_0_1") == "2.0.1"


def test_integer_versions_ignore_leading_zeros_but_dbmate_keeps_its_text():
    assert version_key("golang-migrate", "001") == version_key("golang-migrate", "1")
    assert canonical_version("goose", "00010") == "10"
    assert version_key("dbmate", "001") != version_key("dbmate", "1")
    assert canonical_version("dbmate", "001") == "001"


def test_node_pg_migrate_reads_17_digits_as_a_utc_time_in_milliseconds():
    assert node_pg_migrate_prefix("20240101000000123_x") == 1704067200123
    assert node_pg_migrate_prefix("1718000000000_x") == 1718000000000


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("create index concurrently i on t (a);", [(1, "CREATE INDEX CONCURRENTLY")]),
        ("select 1;\ndrop index concurrently i;", [(2, "DROP INDEX CONCURRENTLY")]),
        ("reindex table concurrently t;", [(1, "REINDEX CONCURRENTLY")]),
        ("reindex schema s;", [(1, "REINDEX SCHEMA/SYSTEM/DATABASE")]),
        ("vacuum t;", [(1, "VACUUM")]),
        ("alter system set work_mem = '8MB';", [(1, "ALTER SYSTEM")]),
        ("create index i on t (a); analyze t; reindex table t;", []),
        ("this is not sql", []),
    ],
)
def test_statements_refused_inside_a_transaction(sql, found):
    assert find_non_transactional(sql) == found
