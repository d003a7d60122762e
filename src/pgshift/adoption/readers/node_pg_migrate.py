"""node-pg-migrate SQL migrations: `{number}_{name}.sql` with `-- Up Migration` /
`-- Down Migration`.

src/sqlMigration.ts, src/migration.ts and utils/fileNameUtils.ts: the markers are found by
`^\\s*--[\\s-]*up\\s+migration` (any case); without an up marker the whole file is the up
migration; files are ordered by their leading number (17 digits: a UTC time) and the history
stores the file name without its extension. A SQL migration always runs in a transaction.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import MigrationFileError
from ..source import Source, read_source_text, refuse_other_markers, unknown_file, up_migration
from ._listing import list_files

_UP = re.compile(r"^\s*--[\s-]*up\s+migration", re.IGNORECASE)
_DOWN = re.compile(r"^\s*--[\s-]*down\s+migration", re.IGNORECASE)
_NAME = re.compile(r"^([0-9]+)[_-]?(.*)$")
_SCRIPTS = (".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")


def read(source: Source) -> Source:
    downs: list[Path] = []
    for path in list_files(source):
        if path.suffix in _SCRIPTS:
            raise MigrationFileError(
                "a JavaScript/TypeScript migration: pgshift imports SQL migrations only; "
                "write its SQL into a .sql file (node-pg-migrate's --dry-run prints it)",
                path=path,
                line=1,
            )
        match = _NAME.match(path.stem)
        if path.suffix != ".sql" or not match:
            raise unknown_file(source.tool, path, source.folder)
        text = read_source_text(path)
        refuse_other_markers(source.tool, path, text)
        up, line, down = _split(path, text)
        if down.strip():
            downs.append(path)
        source.migrations.append(
            up_migration(
                source.tool,
                version=path.stem,
                title=match.group(2),
                path=path,
                sql=up,
                line=line,
            )
        )
    source.leave_out("file(s) with a Down Migration section", downs)
    return source


def _split(path: Path, text: str) -> tuple[str, int, str]:
    """(up SQL, its first line, down SQL)."""
    lines = text.split("\n")
    up = next((i for i, line in enumerate(lines) if _UP.match(line)), None)
    down = next((i for i, line in enumerate(lines) if _DOWN.match(line)), None)
    if up is None:
        if down is not None:
            raise MigrationFileError(
                "'-- Down Migration' without '-- Up Migration': node-pg-migrate would run the "
                "whole file, down part included, as the up migration; add the up marker",
                path=path,
                line=down + 1,
            )
        return text, 1, ""
    before = lines[: min(up, down) if down is not None else up]
    for number, line in enumerate(before, start=1):
        if line.strip() and not line.strip().startswith("--"):
            raise MigrationFileError(
                "SQL before the first marker, which node-pg-migrate never runs: move it into "
                "a section or delete it",
                path=path,
                line=number,
            )
    if down is None:
        return "\n".join(lines[up + 1 :]), up + 2, ""
    if down < up:  # node-pg-migrate allows the down section first
        return "\n".join(lines[up + 1 :]), up + 2, "\n".join(lines[down + 1 : up])
    return "\n".join(lines[up + 1 : down]), up + 2, "\n".join(lines[down + 1 :])
