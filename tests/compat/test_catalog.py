"""Loading statements into a scratch database (needs the test server)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
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


_SLOW_CHECK = """
import sys
from pathlib import Path
from pgshift.compat import check_compat
check_compat(Path(sys.argv[1]), Path(sys.argv[1]), admin_dsn=sys.argv[2])
"""


def test_sigterm_during_a_check_drops_the_scratch_database(pg: Any, tmp_path: Path) -> None:
    (tmp_path / "lib.sql").write_text("select pg_sleep(60);\n")
    check = subprocess.Popen([sys.executable, "-c", _SLOW_CHECK, str(tmp_path), pg.dsn("postgres")])
    try:
        scratch = None
        deadline = time.monotonic() + 30
        while scratch is None and time.monotonic() < deadline:
            time.sleep(0.1)
            with pg.connect() as conn:
                row = conn.execute(
                    "select datname from pg_stat_activity where query = 'select pg_sleep(60)'"
                ).fetchone()
            scratch = row[0] if row else None
        assert scratch is not None and scratch.startswith("pgshift_compat_")
        check.send_signal(signal.SIGTERM)
        check.wait(timeout=30)
        with pg.connect() as conn:
            row = conn.execute("select count(*) from pg_database where datname = %s", [scratch])
            assert row.fetchone() == (0,)
    finally:
        if check.poll() is None:
            check.kill()
            check.wait()
