"""pgshift: SQL-first PostgreSQL migrations, helper library, authoring tools and database moves.

The public API. Each command of the CLI is one of these functions, and the CLI does no more
than choose the database, call it and print its result:

    import pgshift
    config = pgshift.load_config()
    target = pgshift.resolve_target(config)   # may start the embedded server
    result = pgshift.migrate(config, target)

Type checkers see the names below as the objects they are (the `TYPE_CHECKING` block); at run
time each is imported on first use, so `pgshift --help` and a no-op `migrate` do not pay for
modules they do not need. No subpackage shares a name with a function exported here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .adoption.adopting import adopt as adopt
    from .adoption.importing import import_migrations as import_migrations
    from .cloning import CloneOptions as CloneOptions
    from .cloning import clone as clone
    from .compat import check_compat as check_compat
    from .config import Config as Config
    from .config import load_config as load_config
    from .db import redact_dsn as redact_dsn
    from .diff import compare as compare
    from .diff import render as render
    from .errors import (
        ConfigError as ConfigError,
    )
    from .errors import (
        DatabaseError as DatabaseError,
    )
    from .errors import (
        LockTimeoutError as LockTimeoutError,
    )
    from .errors import (
        MigrationFileError as MigrationFileError,
    )
    from .errors import (
        PgshiftError as PgshiftError,
    )
    from .inspect import load_model as load_model
    from .library.install import (
        define_migration_sql as define_migration_sql,
    )
    from .library.install import (
        install_runtime as install_runtime,
    )
    from .lint import lint_migrations as lint_migrations
    from .migrations.authoring import commit as commit
    from .migrations.authoring import uncommit as uncommit
    from .migrations.baseline import baseline as baseline
    from .migrations.hashing import compute_hash as compute_hash
    from .migrations.report import status as status
    from .migrations.report import verify as verify
    from .migrations.runner import migrate as migrate
    from .migrations.runner import plan_migrations as plan_migrations
    from .migrations.runner import reset as reset
    from .migrations.watch import watch as watch
    from .targets import Target as Target
    from .targets import resolve_target as resolve_target

# name -> the module it is defined in; must match the block above (tests/test_api.py checks).
_EXPORTS = {
    # configuration, targets and errors
    "Config": "pgshift.config",
    "load_config": "pgshift.config",
    "Target": "pgshift.targets",
    "resolve_target": "pgshift.targets",
    "PgshiftError": "pgshift.errors",
    "ConfigError": "pgshift.errors",
    "MigrationFileError": "pgshift.errors",
    "DatabaseError": "pgshift.errors",
    "LockTimeoutError": "pgshift.errors",
    "redact_dsn": "pgshift.db",
    # migrations
    "migrate": "pgshift.migrations.runner",
    "plan_migrations": "pgshift.migrations.runner",
    "reset": "pgshift.migrations.runner",
    "watch": "pgshift.migrations.watch",
    "commit": "pgshift.migrations.authoring",
    "uncommit": "pgshift.migrations.authoring",
    "baseline": "pgshift.migrations.baseline",
    "status": "pgshift.migrations.report",
    "verify": "pgshift.migrations.report",
    "compute_hash": "pgshift.migrations.hashing",
    # taking over from another migration tool
    "import_migrations": "pgshift.adoption.importing",
    "adopt": "pgshift.adoption.adopting",
    # the SQL helper library
    "install_runtime": "pgshift.library.install",
    "define_migration_sql": "pgshift.library.install",
    # database moves
    "load_model": "pgshift.inspect",
    "compare": "pgshift.diff",
    "render": "pgshift.diff",
    "clone": "pgshift.cloning",
    "CloneOptions": "pgshift.cloning",
    # authoring
    "check_compat": "pgshift.compat",
    "lint_migrations": "pgshift.lint",
}

__all__ = sorted(_EXPORTS)


if not TYPE_CHECKING:  # type checkers see only the names above: a misspelling is an error

    def __getattr__(name: str) -> Any:
        module = _EXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module 'pgshift' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return __all__
