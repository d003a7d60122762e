import ast
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pgshift

INIT = Path(pgshift.__file__)


def _import_every_module() -> None:
    for info in pkgutil.walk_packages(pgshift.__path__, "pgshift."):
        if info.name != "pgshift.__main__":  # runs the CLI
            __import__(info.name)


def test_every_public_name_is_what_it_says_after_every_subpackage_is_imported():
    # The bug this guards: `import pgshift.migrate` used to rebind `pgshift.migrate` (the
    # function) to the subpackage, so `pgshift.migrate(config)` raised "module is not callable".
    _import_every_module()
    for name in pgshift.__all__:
        value = getattr(pgshift, name)
        assert not inspect.ismodule(value), name
        assert callable(value), name
        assert value.__module__.startswith("pgshift."), name


def test_no_subpackage_or_module_shares_a_name_with_an_export():
    children = {info.name for info in pkgutil.iter_modules(pgshift.__path__)}
    assert children.isdisjoint(pgshift.__all__)


def test_static_names_match_the_lazy_table():
    # The TYPE_CHECKING block is what type checkers read; the table is what runs. They must agree.
    tree = ast.parse(INIT.read_text())
    static: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                for alias in stmt.names:
                    assert alias.asname == alias.name, alias.name
                    static[alias.name] = "pgshift." + str(stmt.module)
    lazy = {name: module for name, module in pgshift._EXPORTS.items()}
    assert static == lazy


def test_cli_start_does_not_import_the_heavy_parts():
    code = (
        "import sys; from pgshift.cli.main import main; import io;"
        "main(['--help'], io.StringIO(), io.StringIO());"
        "print(sorted(m for m in ('rich', 'pglast', 'pgshift.cloning', 'pgshift.diff', 'watchfiles') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_migrate_imports_no_parser():
    # pglast costs ~20 ms at start; a migrate that reports nothing needs none of it.
    code = (
        "import sys; import pgshift.migrations.runner, pgshift.adoption.guard, pgshift.sqltext;"
        "print('pglast' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
