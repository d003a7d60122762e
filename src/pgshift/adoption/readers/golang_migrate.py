"""golang-migrate: `{version}_{title}.up.sql` and `.down.sql` in one folder.

MIGRATIONS.md and source/parse.go: versions are unsigned 64-bit integers, applied in increasing
order and need not be contiguous; the title is unused; the file is sent as it is (one statement
then runs outside a transaction block, several run in one implicit transaction).
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import MigrationFileError
from ..source import Source, read_source_text, refuse_other_markers, unknown_file, up_migration
from ._listing import list_files

_NAME = re.compile(r"^([0-9]+)_(.*)\.(up|down)\.sql$")
_MAX_VERSION = 2**64 - 1


def read(source: Source) -> Source:
    downs: list[Path] = []
    for path in list_files(source):
        match = _NAME.match(path.name)
        if not match:
            raise unknown_file(source.tool, path, source.folder)
        version, title, direction = match.groups()
        if int(version) > _MAX_VERSION:
            raise MigrationFileError(
                f"version {version} is larger than golang-migrate allows (2^64 - 1)",
                path=path,
                line=1,
            )
        if direction == "down":
            downs.append(path)
            continue
        text = read_source_text(path)
        refuse_other_markers(source.tool, path, text)
        source.migrations.append(
            up_migration(source.tool, version=version, title=title, path=path, sql=text, line=1)
        )
    source.leave_out("down file(s)", downs)
    return source
