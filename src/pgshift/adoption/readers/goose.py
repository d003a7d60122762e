"""goose SQL migrations: `{version}_{name}.sql` with `-- +goose` annotations.

README ("SQL Migrations") and internal/sqlparser/parser.go, migration.go (NumericComponent):
the version is the integer before the first `_` (at least 1); exactly one `-- +goose Up`, then
optionally `-- +goose Down`; `StatementBegin`/`StatementEnd` group a statement holding
semicolons; `NO TRANSACTION` runs the whole file outside a transaction; `ENVSUB ON`/`OFF`
substitutes environment variables; annotations are matched without regard to case and must not
be indented; before `Up` only comments and blank lines may stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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

_NAME = re.compile(r"^([0-9]+)_(.*)\.sql$")
_ANNOTATIONS = (
    "Up",
    "Down",
    "StatementBegin",
    "StatementEnd",
    "NO TRANSACTION",
    "ENVSUB ON",
    "ENVSUB OFF",
)


@dataclass
class _Parsed:
    up_line: int = 0
    up: list[str] = field(default_factory=list)
    down: list[str] = field(default_factory=list)
    no_transaction_line: int | None = None


def read(source: Source) -> Source:
    downs: list[Path] = []
    for path in list_files(source):
        if path.suffix == ".go":
            raise MigrationFileError(
                "a Go migration: goose runs it from the compiled program, so pgshift cannot "
                "import it; rewrite it as a SQL migration (or as SQL in a pgshift migration)",
                path=path,
                line=1,
            )
        match = _NAME.match(path.name)
        if not match or int(match.group(1)) < 1:
            raise unknown_file(source.tool, path, source.folder)
        text = read_source_text(path)
        refuse_other_markers(source.tool, path, text)
        parsed = _parse(path, text)
        if "".join(parsed.down).strip():
            downs.append(path)
        source.migrations.append(_migration(source, path, match.group(1), match.group(2), parsed))
    source.leave_out("file(s) with a Down section", downs)
    return source


def _migration(
    source: Source, path: Path, version: str, title: str, parsed: _Parsed
) -> SourceMigration:
    return up_migration(
        source.tool,
        version=version,
        title=title,
        path=path,
        sql="\n".join(parsed.up),
        line=parsed.up_line + 1,
        no_transaction_at=(
            (path, parsed.no_transaction_line) if parsed.no_transaction_line else None
        ),
    )


def _parse(path: Path, text: str) -> _Parsed:
    parsed = _Parsed()
    state = "start"  # start | up | down
    statement_line: int | None = None  # inside StatementBegin ... StatementEnd
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not (stripped.startswith("--") and "+goose" in line):
            if state == "start" and stripped and not stripped.startswith("--"):
                raise MigrationFileError("SQL before '-- +goose Up'", path=path, line=number)
            if state != "start":
                (parsed.up if state == "up" else parsed.down).append(line)
            continue
        annotation = _annotation(path, number, line)

        def fail(message: str, at: int = number) -> MigrationFileError:
            return MigrationFileError(message, path=path, line=at)

        if annotation == "Up":
            if state != "start":
                raise fail("a second '-- +goose Up'")
            state, parsed.up_line = "up", number
        elif annotation == "Down":
            if state != "up" or statement_line is not None:
                raise fail("'-- +goose Down' must follow '-- +goose Up' and any StatementEnd")
            state = "down"
        elif annotation == "StatementBegin":
            if state == "start" or statement_line is not None:
                raise fail("'-- +goose StatementBegin' outside an Up or Down section, or nested")
            statement_line = number
        elif annotation == "StatementEnd":
            if statement_line is None:
                raise fail("'-- +goose StatementEnd' without a StatementBegin")
            statement_line = None
        elif annotation == "NO TRANSACTION":
            parsed.no_transaction_line = number
        elif annotation == "ENVSUB ON" and state != "down":
            raise fail(
                "goose replaces ${VAR} with environment variables after ENVSUB ON and pgshift "
                "does not: write the values, or use pgshift placeholders (:NAME), and remove "
                "the annotation"
            )
    if state == "start":
        raise MigrationFileError("no '-- +goose Up' annotation", path=path, line=1)
    if statement_line is not None:
        raise MigrationFileError(
            "'-- +goose StatementBegin' without a StatementEnd", path=path, line=statement_line
        )
    return parsed


def _annotation(path: Path, number: int, line: str) -> str:
    if line[:1] in (" ", "\t"):
        raise MigrationFileError("goose refuses an indented annotation", path=path, line=number)
    command = line.replace("--", "").replace("+goose", "", 1).strip()
    for known in _ANNOTATIONS:
        if command.casefold() == known.casefold():
            return known
    raise MigrationFileError(f"unknown goose annotation {command!r}", path=path, line=number)
