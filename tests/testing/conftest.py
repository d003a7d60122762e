"""Projects for inner pytest runs (pytester) of the pgshift plugin, on the suite's server.

The test modules enable pytester themselves (`pytest_plugins` is refused in this conftest).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from psycopg import sql

from conftest import PgServer
from migrations.helpers import write_history
from pgshift.testing.templates import TEMPLATE_PREFIX, project_key


@dataclass
class InnerProject:
    """A pgshift project in pytester's folder, whose inner test runs use the suite's server."""

    pytester: pytest.Pytester
    pg: PgServer

    @property
    def root(self) -> Path:
        return self.pytester.path

    @property
    def key(self) -> str:
        return project_key(self.root)

    def migrations(self, *bodies: str) -> None:
        write_history(self.root / "migrations", list(bodies))

    def run(self, *args: str) -> pytest.RunResult:
        return self.pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)

    def templates(self) -> list[str]:
        return self._databases(f"{TEMPLATE_PREFIX}{self.key}_")

    def test_databases(self) -> list[str]:
        return self._databases(f"pgshift_{self.key}_")

    def _databases(self, prefix: str) -> list[str]:
        with self.pg.connect() as conn:
            rows = conn.execute(
                "select datname from pg_database where starts_with(datname, %s) order by oid",
                [prefix],
            ).fetchall()
        return [name for (name,) in rows]

    def drop_all(self) -> None:
        with self.pg.connect() as conn:
            for name in self.templates() + self.test_databases():
                conn.execute(
                    sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
                )


@pytest.fixture
def inner(
    pytester: pytest.Pytester, pg: PgServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[InnerProject]:
    for var in ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL", "PYTEST_ADDOPTS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PGSHIFT_TEST_DSN", pg.base_dsn)
    (pytester.path / "pgshift.toml").write_text("[library]\ninstall = false\n")
    project = InnerProject(pytester, pg)
    project.migrations("create table items (id serial primary key, name text not null);\n")
    yield project
    project.drop_all()
