"""Flyway SQL migrations: `V{version}__{description}.sql`, with `U`, `R` and `B` files beside.

Flyway's documentation (Migrations, Script Configuration) and ResourceNameParser.java,
MigrationVersion.java: the prefix is case-sensitive; the version runs to the first `__`, its
parts separated by `.` or `_` and compared as numbers; the description's `_` read as spaces;
folders are searched recursively; `X.sql.conf` beside `X.sql` configures that script
(`executeInTransaction`, `encoding`, `placeholderReplacement`, `shouldExecute`); `${name}` is a
placeholder unless replacement is off. `U` files undo, `R__` files are repeatable, `B` files are
baselines that stand for every version up to theirs on a new database.
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
from ..versions import VersionKey, flyway_key, is_flyway_version

_PLACEHOLDER = re.compile(r"\$\{[^}\n]*\}")
_CALLBACK = re.compile(r"^(?:before|after)[A-Za-z]*(?:__.*)?\.sql$")
_CONF = ".sql.conf"


@dataclass(frozen=True)
class _Script:
    path: Path
    version: str
    description: str
    key: VersionKey


def read(source: Source) -> Source:
    versioned: list[_Script] = []
    baselines: list[_Script] = []
    undo: list[Path] = []
    repeatable: list[Path] = []
    configs: dict[Path, Path] = {}
    for path in _walk(source, source.folder):
        name = path.name
        if name.lower().endswith(_CONF):
            configs[path.with_name(name[: -len(".conf")])] = path
        elif not name.lower().endswith(".sql"):
            raise unknown_file(source.tool, path, source.folder, hint=_hint(path))
        elif name.startswith("R"):
            if not name.startswith("R__"):
                raise _bad_name(path, "a repeatable migration is named R__description.sql")
            repeatable.append(path)
        elif name.startswith("U"):
            undo.append(path)
        elif name.startswith(("V", "B")):
            script = _script(path)
            (versioned if name.startswith("V") else baselines).append(script)
        else:
            raise unknown_file(source.tool, path, source.folder, hint=_hint(path))
    for sql_path, conf in configs.items():
        if not sql_path.exists():
            raise MigrationFileError(f"configures {sql_path.name}, which does not exist", path=conf)
    chosen = _with_baseline(source, versioned, baselines)
    for script in chosen:
        source.migrations.append(_migration(source, script, configs.get(script.path)))
    source.leave_out("undo migration(s) (U)", undo)
    # R__name.sql runs again whenever it changes, as pgshift's repeatable/name.sql does;
    # Flyway orders them by description, pgshift by name: the same order.
    source.repeatable += [(path.name[3:], path) for path in repeatable]
    return source


def _walk(source: Source, folder: Path) -> list[Path]:
    found: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        found += _walk(source, path) if path.is_dir() else [path]
    return found


def _script(path: Path) -> _Script:
    stem = path.name[1 : -len(".sql")]
    version, _, description = stem.partition("__")
    if not is_flyway_version(version):
        raise _bad_name(
            path, f"{version!r} is not a Flyway version (numbers separated by '.' or '_')"
        )
    return _Script(path, version, description.replace("_", " "), flyway_key(version))


def _bad_name(path: Path, why: str) -> MigrationFileError:
    return MigrationFileError(f"not a valid Flyway migration name: {why}", path=path, line=1)


def _hint(path: Path) -> str | None:
    if _CALLBACK.match(path.name):
        return (
            "a Flyway callback; pgshift's nearest equivalents are the before_all_migrations "
            "and after_all_migrations hooks"
        )
    if path.suffix in (".java", ".class", ".kt"):
        return "a Java migration, which pgshift cannot run"
    return None


def _with_baseline(
    source: Source, versioned: list[_Script], baselines: list[_Script]
) -> list[_Script]:
    """The scripts that make the chain: a baseline only when no versioned file stands for the
    versions it covers (the versioned files are the fuller history)."""
    if not baselines:
        return versioned
    latest = max(baselines, key=lambda s: s.key)
    others = [b.path for b in baselines if b is not latest]
    if any(v.key <= latest.key for v in versioned):
        source.leave_out(
            "baseline migration(s) (B), covered by the versioned files imported",
            [b.path for b in baselines],
        )
        return versioned
    source.leave_out("older baseline migration(s) (B)", others)
    return [latest, *versioned]


def _migration(source: Source, script: _Script, conf: Path | None) -> SourceMigration:
    settings = _read_conf(conf) if conf else {}
    text = read_source_text(script.path)
    refuse_other_markers(source.tool, script.path, text)
    if settings.get("placeholderReplacement", ("true", 0))[0].lower() != "false":
        _refuse_placeholders(script.path, text)
    no_transaction = None
    if "executeInTransaction" in settings:
        value, line = settings["executeInTransaction"]
        if value.lower() == "false" and conf is not None:
            no_transaction = (conf, line)
    return up_migration(
        source.tool,
        version=script.version,
        title=script.description,
        path=script.path,
        sql=text,
        line=1,
        no_transaction_at=no_transaction,
    )


def _read_conf(path: Path) -> dict[str, tuple[str, int]]:
    """A script configuration file: `key=value` lines, `#` comments."""
    settings: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(read_source_text(path).split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "!")):
            continue
        key, sep, value = stripped.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key not in ("executeInTransaction", "encoding", "placeholderReplacement"):
            raise MigrationFileError(
                f"pgshift cannot carry over the script setting {stripped!r} (it knows "
                "executeInTransaction, encoding and placeholderReplacement)",
                path=path,
                line=number,
            )
        if key == "encoding" and value.lower().replace("-", "") != "utf8":
            raise MigrationFileError(
                f"encoding {value}: pgshift reads migrations as UTF-8; convert the file and "
                "remove the setting",
                path=path,
                line=number,
            )
        settings[key] = (value, number)
    return settings


def _refuse_placeholders(path: Path, text: str) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        match = _PLACEHOLDER.search(line)
        if match:
            raise MigrationFileError(
                f"{match.group(0)} is a Flyway placeholder, which pgshift does not replace: "
                "write the value, or use a pgshift placeholder (:NAME); if it is not a "
                "placeholder, set placeholderReplacement=false in its .sql.conf",
                path=path,
                line=number,
            )
