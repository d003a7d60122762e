"""The template database every test database is cloned from.

A template is named for the project and a fingerprint of everything `migrate` reads (the
migration files, the settings that change what they do, the helper library and pgshift's
version), so that two sessions testing different versions of the migrations never share one.
It is built once, by whichever session or pytest-xdist worker gets the build lock first, and
reused by every later session until the fingerprint changes. Its comment records the fingerprint
and whether the build completed (or failed, in which test run, with which error).

Sessions hold a shared advisory lock on the template they use, so that a build may drop the
project's older templates only when no session still clones them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from ..config import Config
from ..db import with_database
from ..errors import PgshiftError
from ..migrations.runner import migrate
from ..targets import Target
from ._locks import held, lock_id

TEMPLATE_PREFIX = "pgshift_tpl_"
_COMMENT_KIND = "pgshift test template"
# The current migration is work in progress that `migrate` never reads: editing it (in watch
# mode, on every save) must not rebuild the template.
_NOT_READ_BY_MIGRATE = ("current.sql", "current")


@dataclass(frozen=True)
class BuildFailed:
    """A template build that failed; `reported`: another worker of this run already said so."""

    message: str
    reported: bool


def project_key(root: Path) -> str:
    """A short, stable key for the project folder, in every database name the plugin makes."""
    return hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:8]


def template_name(config: Config, fingerprint: str) -> str:
    return f"{TEMPLATE_PREFIX}{project_key(config.root)}_{fingerprint[:12]}"


def compute_fingerprint(config: Config, *, tablespace: str | None = None) -> str:
    """SHA-256 of what decides the migrated schema: pgshift's version, the settings `migrate`
    uses, the helper library's SQL and every .sql file in the folder of each migration set
    (committed, repeatable, hooks, fixtures) but the current migration; and the tablespace the
    template goes to. Commands run by hooks are not followed: changing what they do rebuilds
    nothing."""
    digest = hashlib.sha256()
    digest.update(f"pgshift {version('pgshift')}\ntablespace {tablespace}\n".encode())
    digest.update(_settings_text(config).encode())
    if config.library_install:
        from ..library.install import runtime_fingerprint

        digest.update(runtime_fingerprint(multitenancy=config.library_multitenancy).encode())
    for set_config in config.set_configs():
        folder = set_config.migrations_dir
        for path in _migration_files(folder):
            digest.update(f"\0{set_config.current_set}/{path.relative_to(folder)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _settings_text(config: Config) -> str:
    settings = {
        "sets": [[s.name, str(s.folder), s.history_schema] for s in config.all_sets()],
        "active_sets": list(config.active_sets),
        "manage_history_schema": config.manage_history_schema,
        "database_owner": config.database_owner,
        "pg_settings": sorted(config.pg_settings.items()),
        "placeholders": sorted(config.placeholders.items()),
        "hooks": {name: [repr(action) for action in config.hook(name)] for name in config.hooks},
        "library": [config.library_install, config.library_multitenancy],
    }
    return json.dumps(settings, sort_keys=True) + "\n"


def _migration_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*.sql")
        if path.is_file() and path.relative_to(folder).parts[0] not in _NOT_READ_BY_MIGRATE
    )


def ensure_template(
    admin: psycopg.Connection[Any],
    config: Config,
    *,
    name: str,
    fingerprint: str,
    admin_url: str,
    tablespace: str | None,
    run_id: str | None,
) -> BuildFailed | None:
    """Make sure the template `name` exists and is complete; build it if not.

    `admin` is this session's autocommit connection to the server's maintenance database; it
    keeps a shared lock on the template until it is closed. `run_id` names the test run (the
    pytest-xdist run id, shared by its workers): a build that failed in the same run is not
    tried again, only reported (with `reported=True`). Returns None when the template is ready.
    """
    with held(admin, f"build {project_key(config.root)}"):
        state = _read_state(admin, name)
        if state is not None and state.get("state") == "complete":
            _use(admin, name)
            return None
        if state is not None and run_id is not None and state.get("run") == run_id:
            return BuildFailed(str(state.get("error")), reported=True)
        try:
            _build(admin, config, name, fingerprint, admin_url, tablespace)
        except PgshiftError as exc:
            _record(admin, name, {"state": "failed", "run": run_id, "error": str(exc)})
            return BuildFailed(str(exc), reported=False)
        _record(admin, name, {"state": "complete", "fingerprint": fingerprint})
        _use(admin, name)
        _drop_unused_templates(admin, config, keep=name)
        return None


def _use(admin: psycopg.Connection[Any], name: str) -> None:
    """Hold a shared lock on the template for the session: no build drops it meanwhile."""
    admin.execute("select pg_advisory_lock_shared(%s)", [lock_id(f"template {name}")])


def _read_state(admin: psycopg.Connection[Any], name: str) -> dict[str, Any] | None:
    row = admin.execute(
        "select shobj_description(oid, 'pg_database') from pg_database where datname = %s",
        [name],
    ).fetchone()
    if row is None:
        return None
    try:
        state = json.loads(row[0] or "")
    except ValueError:
        return {}
    return state if isinstance(state, dict) and state.get("kind") == _COMMENT_KIND else {}


def _record(admin: psycopg.Connection[Any], name: str, state: dict[str, Any]) -> None:
    comment = json.dumps({"kind": _COMMENT_KIND, "pgshift": version("pgshift"), **state})
    database = sql.Identifier(name)
    admin.execute(sql.SQL("comment on database {} is {}").format(database, sql.Literal(comment)))


def _build(
    admin: psycopg.Connection[Any],
    config: Config,
    name: str,
    fingerprint: str,
    admin_url: str,
    tablespace: str | None,
) -> None:
    drop_database(admin, name)
    create = sql.SQL("create database {}").format(sql.Identifier(name))
    if config.database_owner:
        create += sql.SQL(" owner {}").format(sql.Identifier(config.database_owner))
    if tablespace:
        create += sql.SQL(" tablespace {}").format(sql.Identifier(tablespace))
    try:
        admin.execute(create)
    except psycopg.Error as exc:
        raise PgshiftError(f"could not create the test template {name!r}: {exc}") from exc
    target = Target(main=with_database(admin_url, name), shadow=None, root=admin_url)
    try:
        migrate(config, target)
    finally:
        # Nobody connects to a template: a stray session would make every clone fail.
        admin.execute(
            sql.SQL("alter database {} with allow_connections false").format(sql.Identifier(name))
        )


def drop_database(admin: psycopg.Connection[Any], name: str) -> None:
    admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


def _drop_unused_templates(admin: psycopg.Connection[Any], config: Config, *, keep: str) -> None:
    """Drop the project's other templates (older fingerprints) that no session is using."""
    prefix = f"{TEMPLATE_PREFIX}{project_key(config.root)}_"
    rows = admin.execute(
        "select datname from pg_database where starts_with(datname, %s) and datname <> %s",
        [prefix, keep],
    ).fetchall()
    for (name,) in rows:
        lock = lock_id(f"template {name}")
        (free,) = admin.execute("select pg_try_advisory_lock(%s)", [lock]).fetchone() or (False,)
        if free:
            try:
                drop_database(admin, name)
            finally:
                admin.execute("select pg_advisory_unlock(%s)", [lock])
