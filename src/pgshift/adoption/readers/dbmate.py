"""dbmate: `{version}_{description}.sql` with `-- migrate:up` / `-- migrate:down` sections.

README ("Creating Migrations") and pkg/dbmate/migration.go, db.go: the version is the file
name's leading digits, stored as written; options follow the directive on its line
(`-- migrate:up transaction:false`); only comments may precede the first `-- migrate:up`; a
file may repeat up/down pairs, each pair with at most one down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import MigrationFileError
from ..source import (
    Source,
    SourceMigration,
    read_source_text,
    refuse_other_markers,
    unknown_file,
    up_migration,
)
from ._listing import list_files

_NAME = re.compile(r"^([0-9]+)(.*)\.sql$")
_UP = re.compile(r"^--\s*migrate:up(?:\s*$|\s+(\S.*)$)")
_DOWN = re.compile(r"^--\s*migrate:down(?:\s*$|\s+(\S.*)$)")


@dataclass
class _Section:
    up_line: int  # the line of `-- migrate:up`
    options: dict[str, str]
    up: list[str]
    down_line: int | None = None
    down: list[str] | None = None


def read(source: Source) -> Source:
    downs: list[Path] = []
    for path in list_files(source):
        match = _NAME.match(path.name)
        if not match:
            raise unknown_file(source.tool, path, source.folder)
        version, rest = match.groups()
        text = read_source_text(path)
        refuse_other_markers(source.tool, path, text)
        sections = _sections(path, text)
        if any(s.down is not None and "".join(s.down).strip() for s in sections):
            downs.append(path)
        source.migrations.append(_migration(source, path, version, rest.lstrip("_"), sections))
    source.leave_out("file(s) with a migrate:down section", downs)
    return source


def _sections(path: Path, text: str) -> list[_Section]:
    sections: list[_Section] = []
    for number, line in enumerate(text.split("\n"), start=1):
        up, down = _UP.match(line), _DOWN.match(line)
        if up:
            sections.append(_Section(number, _options(up.group(1)), []))
        elif not sections:
            if line.strip() and not line.strip().startswith("--"):
                raise MigrationFileError(
                    "dbmate allows no statement before '-- migrate:up'", path=path, line=number
                )
            if down:
                raise MigrationFileError(
                    "'-- migrate:down' before any '-- migrate:up'", path=path, line=number
                )
        elif down:
            if sections[-1].down is not None:
                raise MigrationFileError(
                    f"a second '-- migrate:down' for the '-- migrate:up' of line "
                    f"{sections[-1].up_line}",
                    path=path,
                    line=number,
                )
            sections[-1].down_line, sections[-1].down = number, []
        elif sections[-1].down is not None:
            sections[-1].down.append(line)
        else:
            sections[-1].up.append(line)
    if not sections:
        raise MigrationFileError("no '-- migrate:up' section", path=path, line=1)
    return sections


def _options(text: str | None) -> dict[str, str]:
    pairs = (word.split(":") for word in (text or "").split())
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def _migration(
    source: Source, path: Path, version: str, title: str, sections: list[_Section]
) -> SourceMigration:
    outside = [s for s in sections if s.options.get("transaction") == "false"]
    if outside and len(sections) > 1:
        raise MigrationFileError(
            "'transaction:false' in a file of several up sections: pgshift runs a file as one "
            "migration, so move this section into a file of its own",
            path=path,
            line=outside[0].up_line,
        )
    sql = "\n".join("\n".join(s.up) for s in sections)
    return up_migration(
        source.tool,
        version=version,
        title=title,
        path=path,
        sql=sql,
        line=sections[0].up_line + 1,
        no_transaction_at=(path, outside[0].up_line) if outside else None,
    )
