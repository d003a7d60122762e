"""The pytest plugin (entry point `pgshift`; `-p no:pgshift` turns it off): a migrated database
per test. See docs/testing.md.

Nothing happens until a test asks for `pgshift_url` or `pgshift_conn`: only then is the project's
configuration read, the server started and the template found or built, once per process. A
test session of a folder that is no pgshift project (pgshift's own suite among them) loads this
module and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import psycopg
    from psycopg.rows import TupleRow

    from ..config import Config
    from .databases import Databases

_KEPT = "pgshift_database"  # the user property that carries a kept database's URL


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pgshift", "pgshift: a migrated database per test")
    group.addoption(
        "--pgshift-keep",
        action="store_true",
        help="Keep each test's database (listed at the end; the next session drops them).",
    )
    group.addoption(
        "--pgshift-dsn",
        metavar="DSN",
        help="Superuser connection string of the server for test databases "
        "(default: $PGSHIFT_TEST_DSN, else the project's embedded test server).",
    )
    parser.addini(
        "pgshift_project",
        "Folder of the pgshift project, relative to the rootdir (default: the rootdir).",
        default="",
    )
    parser.addini(
        "pgshift_in_memory",
        "Keep the embedded test server's databases on /dev/shm when there is one (default true).",
        type="bool",
        default=True,
    )


@pytest.fixture(scope="session")
def pgshift_config(pytestconfig: pytest.Config) -> Config:
    """The configuration of the pgshift project under test (pgshift.toml, [tool.pgshift] or
    .gmrc in the rootdir)."""
    return project_config(pytestconfig)


@pytest.fixture
def pgshift_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The connection URL of a database made for this test, already migrated; dropped after the
    test unless --pgshift-keep. It connects as the embedded server's superuser, or as the role
    of --pgshift-dsn / PGSHIFT_TEST_DSN."""
    from ..errors import PgshiftError

    databases = session_databases(request.config)
    try:
        name = databases.create()
    except PgshiftError as exc:
        pytest.fail(f"pgshift: {exc}", pytrace=False)
    url = databases.url(name)
    keep = bool(request.config.getoption("pgshift_keep", False))
    if keep:
        request.node.user_properties.append((_KEPT, url))
    yield url
    if not keep:
        databases.release(name)


@pytest.fixture
def pgshift_conn(pgshift_url: str) -> Iterator[psycopg.Connection[TupleRow]]:
    """An autocommit psycopg connection to `pgshift_url`, closed after the test."""
    import psycopg

    with psycopg.connect(pgshift_url, autocommit=True) as conn:
        yield conn


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # From the reports, which pytest-xdist's workers send to the controller too.
    kept = [
        (report.nodeid, str(value))
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "setup"
        for key, value in getattr(report, "user_properties", ())
        if key == _KEPT
    ]
    if not kept:
        return
    from ..db import redact_dsn

    terminalreporter.section("pgshift: kept databases (the next session drops them)")
    for nodeid, url in kept:
        terminalreporter.line(f"{nodeid}  {redact_dsn(url)}")


# --- the session's state ----------------------------------------------------------------------


@dataclass
class _State:
    """What this process knows: the project, its databases, or why there are none."""

    project: Config | None = None
    databases: Databases | None = None
    failure: str | None = None  # the set-up failed: the message, reported once
    reported: bool = False


_STATE_KEY = pytest.StashKey[_State]()


def _state(config: pytest.Config) -> _State:
    state = config.stash.get(_STATE_KEY, None)
    if state is None:
        state = config.stash[_STATE_KEY] = _State()
    return state


def project_config(config: pytest.Config) -> Config:
    """The project's configuration; fails the calling test when there is no project."""
    state = _state(config)
    if state.project is None:
        state.project = _load_project(config)
    return state.project


def session_databases(config: pytest.Config, *, template: bool = True) -> Databases:
    """This process's `Databases`, set up on first use, the template ready unless `template`
    is false (the checks that start from an empty database do not need it).

    When the set-up fails (the configuration, the server, a migration), the first test to need
    what failed fails with the error, and every later one with a short line pointing to it.
    """
    state = _state(config)
    if state.databases is None and state.failure is None:
        _set_up(config, state)
    failure = state.failure
    if failure is None and template:
        assert state.databases is not None
        if state.databases.failure is not None:
            failure = f"the migrations do not apply:\n{state.databases.failure.message}"
            state.reported = state.reported or state.databases.failure.reported
    if failure is not None:
        if state.reported:
            pytest.fail(
                "pgshift: no test database: the set-up failed (its error is reported once, "
                "at the first test that needed a database)",
                pytrace=False,
            )
        state.reported = True
        pytest.fail(f"pgshift: no test database: {failure}", pytrace=False)
    assert state.databases is not None
    return state.databases


def _set_up(config: pytest.Config, state: _State) -> None:
    import psycopg

    from ..db import redact_dsn
    from ..errors import PgshiftError
    from .databases import Databases
    from .servers import choose_server

    project = project_config(config)
    dsn = config.getoption("pgshift_dsn", None) or os.environ.get("PGSHIFT_TEST_DSN")
    try:
        server = choose_server(project.root, dsn=dsn, in_memory=_in_memory(config))
        databases = Databases(server, project)
        config.add_cleanup(databases.close)
        databases.prepare(run_id=os.environ.get("PYTEST_XDIST_TESTRUNUID"))
    except (PgshiftError, psycopg.Error, OSError) as exc:
        state.failure = redact_dsn(str(exc))
        return
    state.databases = databases


def _in_memory(config: pytest.Config) -> bool:
    try:
        return bool(config.getini("pgshift_in_memory"))
    except ValueError:  # the checks with the plugin itself turned off (-p no:pgshift)
        return True


def _load_project(config: pytest.Config) -> Config:
    from .. import config as pgshift_config
    from ..errors import ConfigError

    try:
        folder = str(config.getini("pgshift_project"))
    except ValueError:  # the checks with the plugin itself turned off (-p no:pgshift)
        folder = ""
    root = (config.rootpath / folder).resolve()
    found, source = pgshift_config.find_project(root)
    if source is None or found != root:
        pytest.fail(
            f"pgshift: {root} holds no pgshift.toml, [tool.pgshift] in pyproject.toml or .gmrc; "
            "pgshift_url and pgshift_conn need a pgshift project in the rootdir (or set the "
            "pgshift_project ini option)",
            pytrace=False,
        )
    try:
        return pgshift_config.load_config(root, env=_test_environment())
    except ConfigError as exc:
        pytest.fail(f"pgshift: {exc}", pytrace=False)


def _test_environment() -> dict[str, str]:
    """The environment, with URLs that the configuration may require (`${DATABASE_URL}`) but
    tests never use: every test database comes from the plugin."""
    return {
        **os.environ,
        "DATABASE_URL": "postgresql:///pgshift_tests_unused_main",
        "SHADOW_DATABASE_URL": "postgresql:///pgshift_tests_unused_shadow",
        "ROOT_DATABASE_URL": "postgresql:///pgshift_tests_unused_root",
    }
