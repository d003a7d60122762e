"""Built-in checks of a project's migrations, turned on by one line in the conftest.py of the
folder that holds the tests (docs/testing.md):

    pytest_plugins = ["pgshift.testing.checks"]

They are collected as items of that conftest.py, e.g. `tests/conftest.py::pgshift_chain_verifies`
(so `-k pgshift_` selects them and running one test file leaves them out), and run on the same
server as the plugin's fixtures:

- `pgshift_chain_verifies`: every committed file is intact and chained (`pgshift verify`);
- `pgshift_migrations_apply_from_empty`: all of them (and the repeatable files) apply, in
  order, to an empty database, and a second `migrate` then has nothing to do;
- `pgshift_current_migration_applies_twice`: the current migration (of each migration set)
  applies on top of them, and again on top of itself, as `watch` runs it on every save;
- `pgshift_schema_file_is_current`: the schema file (`schema_file`) is what the migrations give
  (skipped when the project keeps none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .plugin import project_config, session_databases

if TYPE_CHECKING:
    from ..targets import Target
    from .databases import Databases

_PLUGIN = __name__


def _chain_verifies(config: pytest.Config) -> None:
    from ..migrations.report import verify

    project = project_config(config)
    with _database(config, empty=True) as target:
        result = verify(project, target)
    if result.problems:
        pytest.fail("\n".join(problem.message for problem in result.problems), pytrace=False)


def _migrations_apply_from_empty(config: pytest.Config) -> None:
    from ..migrations.runner import migrate

    project = project_config(config)
    with _database(config, empty=True) as target:
        migrate(project, target)
        again = migrate(project, target).applied
    if again:
        pytest.fail(
            f"a second migrate right after the first applied {', '.join(again)}", pytrace=False
        )


def _current_migration_applies_twice(config: pytest.Config) -> None:
    from ..errors import PgshiftError
    from ..migrations import history
    from ..migrations.runner import open_session, run_current

    project = project_config(config)
    ran = 0
    with (
        _database(config, empty=False) as target,
        open_session(project, target.main, root_url=target.root) as session,
    ):
        for set_config in project.set_configs():
            if run_current(set_config, session).blank:
                continue
            ran += 1
            history.clear_current_content(session.conn, set_config.history_schema)
            try:
                run_current(set_config, session)
            except PgshiftError as exc:
                pytest.fail(
                    "the current migration applies once but not twice; `pgshift watch` runs it "
                    f"again on every save, so it must undo or skip what it did before: {exc}",
                    pytrace=False,
                )
    if not ran:
        pytest.skip("the current migration is blank")


def _schema_file_is_current(config: pytest.Config) -> None:
    from ..db import connect
    from ..migrations.schemafile import render_schema_file, schema_file_path

    project = project_config(config)
    if project.schema_file is None:
        pytest.skip("the project keeps no schema file (no schema_file setting)")
    path = schema_file_path(project)
    with _database(config, empty=False) as target, connect(target.main) as conn:
        expected = render_schema_file(project, conn, root_url=target.root or "")
    try:
        actual = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        pytest.fail(
            f"{path}: missing; `pgshift migrate` on the development database writes it",
            pytrace=False,
        )
    if actual != expected:
        pytest.fail(
            f"{path} is not what the committed migrations give; `pgshift migrate` on the "
            f"development database rewrites it (then commit it):\n{_diff(actual, expected)}",
            pytrace=False,
        )


def _diff(actual: str, expected: str, *, lines: int = 40) -> str:
    import difflib

    diff = list(
        difflib.unified_diff(
            actual.splitlines(), expected.splitlines(), "schema file", "migrations", lineterm=""
        )
    )
    more = f"\n... {len(diff) - lines} more lines" if len(diff) > lines else ""
    return "\n".join(diff[:lines]) + more


CHECKS: dict[str, Callable[[pytest.Config], None]] = {
    "pgshift_chain_verifies": _chain_verifies,
    "pgshift_migrations_apply_from_empty": _migrations_apply_from_empty,
    "pgshift_current_migration_applies_twice": _current_migration_applies_twice,
    "pgshift_schema_file_is_current": _schema_file_is_current,
}


@contextmanager
def _database(config: pytest.Config, *, empty: bool) -> Iterator[Target]:
    """A database for one check (empty, or a clone of the template), dropped afterwards."""
    from ..targets import Target

    databases: Databases = session_databases(config, template=not empty)
    name = databases.create(empty=empty)
    try:
        yield Target(main=databases.url(name), shadow=None, root=databases.server.admin_url)
    finally:
        databases.release(name)


# --- collection -------------------------------------------------------------------------------


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name == "conftest.py" and _turns_on_checks(parent.config, file_path):
        return ChecksFile.from_parent(parent, path=file_path)
    return None


def _turns_on_checks(config: pytest.Config, path: Path) -> bool:
    """Whether the conftest.py at `path` names this module in its `pytest_plugins`."""
    for plugin in config.pluginmanager.get_plugins():
        source = getattr(plugin, "__file__", None)
        if source is None or Path(source).resolve() != path.resolve():
            continue
        names = getattr(plugin, "pytest_plugins", ())
        return _PLUGIN in ([names] if isinstance(names, str) else list(names))
    return False


class ChecksFile(pytest.File):
    """The checks, collected under the conftest.py that turned them on."""

    def collect(self) -> Iterator[pytest.Item]:
        for name, check in CHECKS.items():
            yield Check.from_parent(self, name=name, check=check)


class Check(pytest.Item):
    """One built-in check; a failure (pytest.fail, or pgshift's error) is reported as its
    message, without a traceback."""

    def __init__(self, *, check: Callable[[pytest.Config], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check

    def runtest(self) -> None:
        self.check(self.config)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        from ..errors import PgshiftError

        if isinstance(excinfo.value, PgshiftError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"pgshift check {self.name}"
