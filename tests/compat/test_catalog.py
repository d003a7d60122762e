"""Loading statements into a scratch database (needs the test server)."""

from __future__ import annotations

from typing import Any

from pgshift.compat.catalog import load
from pgshift.compat.model import PgError
from pgshift.compat.sqlfiles import Statement


def test_a_statement_the_server_cannot_parse_is_that_statements_error(pg: Any) -> None:
    database = pg.create_database()
    try:
        with pg.connect(database) as conn:
            conn.autocommit = False
            statements = [
                Statement("lib.sql", 1, 1, "selec 1"),
                Statement("lib.sql", 2, 1, "select 1"),
            ]
            result = load(conn, statements, track=False)
            assert result.errors == {
                ("lib.sql", 1): PgError("42601", 'syntax error at or near "selec"')
            }
            conn.rollback()
    finally:
        pg.drop_database(database)
