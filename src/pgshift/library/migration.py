"""Writing the `pgshift_define` migration into the project's current migration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import UsageError
from .install import define_migration_sql


@dataclass(frozen=True)
class DefineMigrationResult:
    path: Path
    multitenancy: bool
    size: int


def is_blank_sql(text: str) -> bool:
    """True when `text` holds only comments and whitespace (judged by PostgreSQL's own lexer,
    through pglast, so `--` inside a string or nested `/* */` comments are read correctly)."""
    if not text.strip():
        return True
    from pglast import parser  # imported here: only this command needs the parser

    try:
        tokens = parser.scan(text)
    except parser.ParseError:
        return False
    return all(t.name in ("SQL_COMMENT", "C_COMMENT") for t in tokens)


def write_define_migration(config: Config, *, multitenancy: bool) -> DefineMigrationResult:
    """Write `define_migration_sql` into `migrations/current.sql`.

    Refuses (UsageError) when the current migration holds anything but comments and whitespace,
    or when the project uses a `current/` folder, so that no work in progress is overwritten.
    """
    folder = config.migrations_dir
    current_dir = folder / "current"
    if current_dir.is_dir():
        raise UsageError(
            f"{current_dir} is a folder: add the define migration as a file in it yourself,"
            " or commit the current migration first"
        )
    path = folder / "current.sql"
    if path.exists() and not is_blank_sql(path.read_text(encoding="utf-8")):
        raise UsageError(
            f"{path} is not blank: commit it first (pgshift commit), then run"
            " `pgshift library define-migration` again"
        )
    text = define_migration_sql(multitenancy=multitenancy)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return DefineMigrationResult(path=path, multitenancy=multitenancy, size=len(text))
