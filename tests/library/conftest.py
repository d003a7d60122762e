"""Fixtures for the SQL helper library: a database with the whole library installed, roles.

The library is installed once per session into a template database; each test gets a copy
(CREATE DATABASE ... TEMPLATE), which is much faster than installing it again.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from pgshift.library.install import define_migration_sql, install_runtime

from .helpers import role_factory


@pytest.fixture(scope="session")
def library_template(pg: Any) -> Iterator[str]:
    name = pg.create_database(f"t_{os.getpid()}_library_template")
    with pg.connect(name) as conn:
        install_runtime(conn, multitenancy=True)
        conn.execute(define_migration_sql(multitenancy=True).encode())
    yield name
    pg.drop_database(name)


def _copy_of_template(pg: Any, template: str, name: str) -> Iterator[psycopg.Connection]:
    with pg.connect() as admin:
        admin.execute(
            sql.SQL("create database {} template {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    try:
        with pg.connect(name) as conn:
            yield conn
    finally:
        pg.drop_database(name)


@pytest.fixture(scope="session")
def shared_lib(pg: Any, library_template: str) -> Iterator[psycopg.Connection]:
    """One library database for the whole session, for tests that change nothing in it."""
    yield from _copy_of_template(pg, library_template, f"t_{os.getpid()}_library_shared")


@pytest.fixture
def lib(pg: Any, library_template: str) -> Iterator[psycopg.Connection]:
    """An autocommit superuser connection to a fresh database holding the whole library."""
    yield from _copy_of_template(pg, library_template, f"t_{os.getpid()}_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def make_role(lib: psycopg.Connection) -> Iterator[Callable[[], str]]:
    """Roles for tests on the library database (`lib`)."""
    yield from role_factory(lib)
