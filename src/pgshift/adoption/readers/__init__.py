"""One reader per tool: its migrations folder -> `Source` (up migrations, what was left out).

Formats: docs/adopting.md; each reader names the documentation or source it follows.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import MigrationFileError
from ..source import Source
from ..tools import Tool
from . import dbmate, flyway, golang_migrate, goose, node_pg_migrate

_READERS = {
    "golang-migrate": golang_migrate.read,
    "dbmate": dbmate.read,
    "goose": goose.read,
    "flyway": flyway.read,
    "node-pg-migrate": node_pg_migrate.read,
}


def read_source(tool: Tool, folder: Path) -> Source:
    """Read `folder` as `tool`'s migrations (nothing is written or run)."""
    if not folder.is_dir():
        raise MigrationFileError(f"{folder} is not a folder")
    return _READERS[tool.name](Source(tool, folder)).finish()
