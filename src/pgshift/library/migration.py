"""Writing the `pgshift_define` migration into the project's current migration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import MigrationFileError
from ..migrations.files import read_current
from ..migrations.sqlscan import is_blank
from .install import define_migration_sql


@dataclass(frozen=True)
class DefineMigrationResult:
    path: Path
    multitenancy: bool
    size: int


def write_define_migration(config: Config, *, multitenancy: bool) -> DefineMigrationResult:
    """Write `define_migration_sql` into `migrations/current.sql`.

    Refuses (MigrationFileError) when the current migration holds anything but comments and
    white space, or is a `current/` folder, so that no work in progress is overwritten.
    """
    folder = config.migrations_dir
    current = read_current(folder)
    if current.is_dir:
        raise MigrationFileError(
            f"{current.path} is a folder: add the define migration as a file in it yourself,"
            " or commit the current migration first"
        )
    path = current.path
    if not is_blank(current.text):
        raise MigrationFileError(
            f"{path} is not blank: commit it first (pgshift commit), then run"
            " `pgshift library define-migration` again"
        )
    text = define_migration_sql(multitenancy=multitenancy)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return DefineMigrationResult(path=path, multitenancy=multitenancy, size=len(text))
