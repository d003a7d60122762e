"""pgshift: SQL-first PostgreSQL migrations, helper library, authoring tools and database moves.

The public API. Names are imported on first use, so `import pgshift.cli.main` (which every
command goes through) does not pay for modules a command does not need.

    import pgshift
    config = pgshift.load_config()
    pgshift.migrate(config)
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    # configuration and errors
    "Config": "pgshift.config",
    "load_config": "pgshift.config",
    "PgshiftError": "pgshift.errors",
    "ConfigError": "pgshift.errors",
    "MigrationFileError": "pgshift.errors",
    "DatabaseError": "pgshift.errors",
    "redact_dsn": "pgshift.db",
    # migrations
    "migrate": "pgshift.migrate.runner",
    "reset": "pgshift.migrate.runner",
    "watch": "pgshift.migrate.watch",
    "commit": "pgshift.migrate.authoring",
    "uncommit": "pgshift.migrate.authoring",
    "status": "pgshift.migrate.report",
    "verify": "pgshift.migrate.report",
    "compute_hash": "pgshift.migrate.hashing",
    # the SQL helper library
    "install_runtime": "pgshift.library.install",
    "define_migration_sql": "pgshift.library.install",
    # database moves
    "load_model": "pgshift.inspect",
    "compare": "pgshift.diff",
    "render": "pgshift.diff",
    "clone": "pgshift.clone",
    "CloneOptions": "pgshift.clone",
    # authoring
    "check_compat": "pgshift.compat",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pgshift' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
