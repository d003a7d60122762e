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


@pytest.fixture(scope="session")
def library_template(pg: Any) -> Iterator[str]:
    name = pg.create_database(f"t_{os.getpid()}_library_template")
    with pg.connect(name) as conn:
        install_runtime(conn, multitenancy=True)
        conn.execute(define_migration_sql(multitenancy=True).encode())
    yield name
    pg.drop_database(name)


@pytest.fixture(scope="session")
def shared_lib(pg: Any, library_template: str) -> Iterator[psycopg.Connection]:
    """One library database for the whole session, for tests that change nothing in it."""
    name = f"t_{os.getpid()}_library_shared"
    with pg.connect() as admin:
        admin.execute(
            sql.SQL("create database {} template {}").format(
                sql.Identifier(name), sql.Identifier(library_template)
            )
        )
    try:
        with pg.connect(name) as conn:
            yield conn
    finally:
        pg.drop_database(name)


@pytest.fixture
def lib(pg: Any, library_template: str) -> Iterator[psycopg.Connection]:
    """An autocommit superuser connection to a fresh database holding the whole library."""
    name = f"t_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    with pg.connect() as admin:
        admin.execute(
            sql.SQL("create database {} template {}").format(
                sql.Identifier(name), sql.Identifier(library_template)
            )
        )
    try:
        with pg.connect(name) as conn:
            yield conn
    finally:
        pg.drop_database(name)


@pytest.fixture
def make_role(lib: psycopg.Connection) -> Iterator[Callable[[], str]]:
    """Create non-superuser roles with unique names (roles are cluster-wide); drop them after."""
    created: list[str] = []

    def make() -> str:
        name = f"pgshift_test_{uuid.uuid4().hex[:12]}"
        lib.execute(sql.SQL("create role {} nologin nosuperuser nobypassrls").format(
            sql.Identifier(name)))
        created.append(name)
        return name

    yield make
    lib.execute("reset role")
    for name in created:
        lib.execute(sql.SQL("drop owned by {}").format(sql.Identifier(name)))
        lib.execute(sql.SQL("drop role {}").format(sql.Identifier(name)))


