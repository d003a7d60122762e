"""Versions as each tool compares them: for ordering files and for matching history rows.

`version_key(tool, version)` is both the sort key and the identity: two spellings with equal
keys are one version for that tool (golang-migrate's `001` is `1`; Flyway's `1.0` is `1`).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

_FLYWAY_VERSION = re.compile(r"^[0-9]+(?:[._][0-9]+)*$")
_LEADING_DIGITS = re.compile(r"^([0-9]+)")

VersionKey = tuple[int | str, ...]


def canonical_version(tool: str, version: str) -> str:
    """The spelling the tool's history stores, which the `--! Imported:` header records."""
    if tool in ("golang-migrate", "goose"):
        return str(int(version))
    if tool == "flyway":
        return version.replace("_", ".")  # what Flyway writes into its `version` column
    return version  # dbmate: the leading digits as written; node-pg-migrate: the file's name


def version_key(tool: str, version: str) -> VersionKey:
    """Sort key and identity of `version` for `tool` (see the module docstring)."""
    if tool in ("golang-migrate", "goose"):
        return (int(version),)
    if tool == "flyway":
        return flyway_key(version)
    if tool == "dbmate":
        # dbmate applies files in the order of their names as text (FindMigrations sorts
        # them so), not by the number: 20240102_x runs before 20240101120000_y.
        return (version,)
    return (node_pg_migrate_prefix(version), version)


def is_flyway_version(text: str) -> bool:
    return bool(_FLYWAY_VERSION.match(text))


def flyway_key(version: str) -> VersionKey:
    """Flyway's MigrationVersion: `_` reads as `.`, parts compare as numbers, trailing zero parts
    do not count (`1.0` equals `1`)."""
    parts = [int(p) for p in version.replace("_", ".").split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def node_pg_migrate_prefix(name: str) -> int:
    """The number node-pg-migrate orders a file by: its leading digits, where 17 digits are a UTC
    time (yyyymmddhhmmssSSS) counted in milliseconds since 1970 (utils/fileNameUtils.ts)."""
    match = _LEADING_DIGITS.match(name)
    if not match:
        return 0  # node-pg-migrate orders such a file first; the reader refuses it anyway
    digits = match.group(1)
    if len(digits) == 17:
        try:
            moment = datetime.strptime(digits[:14], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
        except ValueError:
            return int(digits)
        return int(moment.timestamp()) * 1000 + int(digits[14:])
    return int(digits)
