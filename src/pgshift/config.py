"""Configuration: `pgshift.toml`, `[tool.pgshift]` in `pyproject.toml` or graphile-migrate's
`.gmrc`, plus the environment.

This is the only module that reads the config file and environment defaults. It checks every key,
rejects unknown ones and raises one `ConfigError` listing every problem. See docs/cli.md (and
docs/adopting.md for `.gmrc`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = "pgshift.toml"
HOOK_KEYS = (
    "before_all_migrations",
    "after_all_migrations",
    "before_reset",
    "after_reset",
    "before_current",
    "after_current",
)
_URL_KEYS = ("database_url", "shadow_database_url", "root_database_url")
_ENV_OVERRIDES = {
    "database_url": "DATABASE_URL",
    "shadow_database_url": "SHADOW_DATABASE_URL",
    "root_database_url": "ROOT_DATABASE_URL",
}
_LOCK_KEYS = ("lock_timeout", "lock_retries")  # top level and per environment
_TOP_KEYS = {
    *_URL_KEYS,
    "migrations_folder",
    "history_schema",
    "pg_settings",
    *_LOCK_KEYS,
    "lint_on_commit",
    "placeholders",
    *HOOK_KEYS,
    "blank_migration_content",
    "database_owner",
    "manage_history_schema",
    "library",
    "environments",
    "sets",
    "schema_file",
    "schema_file_owners",
}
# Hooks that may run SQL as root: graphile-migrate allows it only around a reset.
_ROOT_SQL_HOOKS = ("before_reset", "after_reset")
# What `commit` leaves in the current migration: graphile-migrate's default, byte for byte.
DEFAULT_BLANK_MIGRATION = "-- Enter migration here\n"
_FLEET_KEYS = ("database_urls", "database_urls_query")
# What hook commands get as DATABASE_URL (graphile-migrate's value): "use GM_DBURL instead".
HOOK_DATABASE_URL = "postgres://PLEASE:USE@GM_DBURL/INSTEAD"
_ENV_KEYS = {
    *_URL_KEYS,
    *_FLEET_KEYS,
    "placeholders",
    "pg_settings",
    "confirm",
    "sets",
    *_LOCK_KEYS,
}
LINT_ON_COMMIT = ("warn", "refuse", "off")
DEFAULT_LOCK_RETRIES = 3
_SET_KEYS = {"folder", "history_schema"}
MAIN_SET = "main"
_SET_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LIBRARY_KEYS = {"install", "multitenancy"}
_PLACEHOLDER_NAME = re.compile(r"^:[A-Z][A-Z0-9_]*$")
_BUILTIN_PLACEHOLDERS = {":DATABASE_NAME", ":DATABASE_OWNER"}
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


@dataclass(frozen=True)
class Action:
    """One hook step: a SQL file (relative to the migrations folder) or a shell command.

    `root`: run it as the root (maintenance) connection's role, on the hook's database, as
    graphile-migrate's root actions do.
    """

    sql_file: str | None = None
    command: str | None = None
    shadow: bool | None = None  # None: run for both; True: shadow only; False: main only
    root: bool = False

    def describe(self) -> str:
        what = self.sql_file if self.sql_file else f"command {self.command!r}"
        return f"{what} (as root)" if self.root else what


@dataclass(frozen=True)
class MigrationSet:
    """One ordered chain of migrations: its folder (relative to the project) and the schema
    of its history tables. The project's own chain is the set `main`."""

    name: str
    folder: Path
    history_schema: str


@dataclass(frozen=True)
class Config:
    """A validated, frozen configuration; `root` is the project folder."""

    root: Path
    source: Path | None = None
    database_url: str | None = None
    shadow_database_url: str | None = None
    root_database_url: str | None = None
    migrations_folder: Path = Path("migrations")
    history_schema: str = "pgshift"
    pg_settings: Mapping[str, str] = field(default_factory=dict)
    placeholders: Mapping[str, str] = field(default_factory=dict)
    hooks: Mapping[str, tuple[Action, ...]] = field(default_factory=dict)
    blank_migration_content: str = DEFAULT_BLANK_MIGRATION
    database_owner: str | None = None  # None: the user connecting
    manage_history_schema: bool = True
    library_install: bool = True
    library_multitenancy: bool = False
    environment: str | None = None
    confirm: bool = False
    # Lock timeouts that retry (docs/safety.md): None waits for locks as long as it takes.
    lock_timeout_ms: int | None = None
    lock_retries: int = 3
    lint_on_commit: str = "warn"  # what commit does with lint findings: LINT_ON_COMMIT
    environments: tuple[str, ...] = ()
    # A fleet environment: many databases (see docs/fleets.md and `targets.resolve_fleet`).
    database_urls: tuple[str, ...] = ()
    database_urls_query: str | None = None
    # Migration sets, in the order they apply (`main` first), and those the environment uses.
    # `migrations_folder` and `history_schema` above are the current set's (see `for_set`).
    sets: tuple[MigrationSet, ...] = ()
    active_sets: tuple[str, ...] = ()
    current_set: str = MAIN_SET
    # The schema file, relative to the project root (docs/repeatable.md, "Schema file").
    schema_file: Path | None = None
    schema_file_owners: bool = False

    @property
    def migrations_dir(self) -> Path:
        return self.root / self.migrations_folder

    @property
    def uses_embedded_server(self) -> bool:
        return self.database_url is None

    def for_set(self, name: str) -> Config:
        """This configuration with set `name` as the current one: its folder and history.

        Raises `UsageError` for a set that is not configured.
        """
        from .errors import UsageError

        chosen = next((s for s in self.all_sets() if s.name == name), None)
        if chosen is None:
            known = ", ".join(s.name for s in self.all_sets())
            raise UsageError(f"--set {name}: no such migration set (known: {known})")
        return replace(
            self,
            migrations_folder=chosen.folder,
            history_schema=chosen.history_schema,
            current_set=name,
        )

    def all_sets(self) -> tuple[MigrationSet, ...]:
        return self.sets or (MigrationSet(MAIN_SET, self.migrations_folder, self.history_schema),)

    def set_configs(self) -> list[Config]:
        """One configuration per set the environment uses, in the order they apply."""
        active = self.active_sets or tuple(s.name for s in self.all_sets())
        return [self.for_set(s.name) for s in self.all_sets() if s.name in active]

    @property
    def has_sets(self) -> bool:
        return len(self.all_sets()) > 1

    @property
    def is_fleet(self) -> bool:
        return bool(self.database_urls) or self.database_urls_query is not None

    def hook(self, name: str) -> tuple[Action, ...]:
        return tuple(self.hooks.get(name, ()))


def find_project(start: Path) -> tuple[Path, Path | None]:
    """The project root at or above `start` and its config file (None when there is none).

    In each folder, from `start` upwards: pgshift.toml, then `[tool.pgshift]` in pyproject.toml,
    then graphile-migrate's `.gmrc`, `.gmrc.js` or `.gmrc.cjs` (the last two are found so that
    `load_config` can say they cannot be read, instead of silently ignoring them).
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder, folder / CONFIG_FILE
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "pgshift" in _read_toml(pyproject).get("tool", {}):
            return folder, pyproject
        # Imported here: a project with a pgshift.toml never loads the .gmrc reader.
        from ._gmrc import GMRC_FILE, GMRC_SCRIPT_FILES

        for name in (GMRC_FILE, *GMRC_SCRIPT_FILES):
            if (folder / name).is_file():
                return folder, folder / name
    return start, None


def require_project(start: Path, *, next_step: str) -> tuple[Path, Path | None]:
    """`find_project`, refusing a folder that is no project: neither a configuration nor a
    migrations folder at or above `start`. `next_step` ends the message (what to do)."""
    root, source = find_project(start)
    if source is None and not (root / "migrations").is_dir():
        from ._gmrc import GMRC_FILE

        raise ConfigError(
            [
                f"no {CONFIG_FILE}, [tool.pgshift] in pyproject.toml or {GMRC_FILE} in {root} "
                f"or any folder above it: {next_step}"
            ]
        )
    return root, source


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"invalid TOML: {exc}"], source=str(path)) from None
    except OSError as exc:
        raise ConfigError([f"cannot read: {exc.strerror}"], source=str(path)) from None
    except UnicodeDecodeError as exc:
        line = exc.object.count(b"\n", 0, exc.start) + 1  # the bytes it failed on
        raise ConfigError(
            [f"line {line}: byte 0x{exc.object[exc.start]:02x} is not UTF-8; save it as UTF-8"],
            source=str(path),
        ) from None


def load_config(
    start: Path | None = None,
    *,
    environment: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Config:
    """Find and validate the configuration for the project at or above `start` (default: cwd).

    `environment` selects `[environments.NAME]`; `env` replaces `os.environ` (for tests).
    """
    env = os.environ if env is None else env
    root, source = require_project(
        start or Path.cwd(), next_step="run `pgshift init` to start a project here"
    )
    if source is not None and source.name not in (
        CONFIG_FILE,
        "pyproject.toml",
    ):  # a .gmrc
        settings = read_gmrc(source)
        if settings.get("database_url") == "${DATABASE_URL}" and not env.get("DATABASE_URL"):
            raise ConfigError(
                ["'connectionString' is not set, and neither is DATABASE_URL"],
                source=str(source),
            )
        # As graphile-migrate reads it: the file's connection strings win over the environment.
        return build_config(
            settings,
            root=root,
            source=source,
            environment=environment,
            env=env,
            env_urls_win=False,
        )
    raw: dict[str, Any] = {}
    if source is not None:
        data = _read_toml(source)
        raw = data["tool"]["pgshift"] if source.name == "pyproject.toml" else data
    return build_config(raw, root=root, source=source, environment=environment, env=env)


def read_gmrc(path: Path) -> dict[str, Any]:
    """graphile-migrate's settings file as a pgshift.toml-shaped mapping (see `_gmrc`).

    A `.gmrc.js` or `.gmrc.cjs` is JavaScript, which pgshift does not run: refused, saying how
    to convert it.
    """
    from ._gmrc import GMRC_FILE, GMRC_SCRIPT_FILES, gmrc_to_raw

    if path.name in GMRC_SCRIPT_FILES:
        raise ConfigError(
            [
                f"pgshift cannot read {path.name} (it is JavaScript); write its settings as JSON "
                f"in {GMRC_FILE} and run `pgshift init --from-gmrc`, or write {CONFIG_FILE} "
                "yourself (docs/adopting.md)"
            ],
            source=str(path),
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not valid UTF-8"
        raise ConfigError([f"cannot read: {reason}"], source=str(path)) from None
    return gmrc_to_raw(text, path=str(path))


@dataclass(frozen=True)
class GmrcConversion:
    """A `.gmrc` written as pgshift.toml text (for `pgshift init --from-gmrc`).

    `passwords`: the keys whose URL, copied from the `.gmrc`, holds a password.
    """

    toml: str
    passwords: tuple[str, ...]


def convert_gmrc(path: Path) -> GmrcConversion:
    """The pgshift.toml equivalent to the `.gmrc` at `path` (see docs/adopting.md).

    URLs graphile-migrate took from the environment stay `${VAR}` references to it; nothing
    is read from the environment, so no password from it can end up in the file.
    """
    from ._gmrc import render_toml
    from .db import dsn_params

    raw = read_gmrc(path)
    passwords = []
    for key in _URL_KEYS:
        value = raw.get(key)
        try:
            if value and "password" in dsn_params(value):
                passwords.append(key)
        except Exception:  # noqa: BLE001 - a malformed one fails on connect, with its message
            continue
    return GmrcConversion(render_toml(raw, source=path.name), tuple(passwords))


def build_config(
    raw: Mapping[str, Any],
    *,
    root: Path,
    source: Path | None = None,
    environment: str | None = None,
    env: Mapping[str, str] | None = None,
    env_urls_win: bool = True,
) -> Config:
    """Validate a raw (already parsed) configuration mapping into a `Config`.

    DATABASE_URL, SHADOW_DATABASE_URL and ROOT_DATABASE_URL win over the file's URLs; with
    `env_urls_win=False` (a `.gmrc`, as graphile-migrate reads it) they only fill in URLs the
    file leaves out. `${VAR}` in the file's URLs expands environment variables.
    """
    env = os.environ if env is None else env
    problems: list[str] = []
    problems += _unknown_keys(raw, _TOP_KEYS, where="")

    # What the chosen environment sets itself is not read from the top level: its `${VAR}`
    # and "!ENV" must not be required when that environment replaces them.
    chosen_section = _chosen_section(raw, environment)
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}  # where each URL came from, to name it when it is malformed
    for key, var in _ENV_OVERRIDES.items():
        if isinstance(chosen_section.get(key), str):
            values[key] = None  # set from the environment section below
            continue
        value = _string(raw, key, problems)
        origins[key] = f"'{key}'"
        if env.get(var) and (env_urls_win or value is None):
            value, origins[key] = env[var], f"${var}"
        elif value is not None:
            value = _expand_env(value, env, key, problems)
        values[key] = value
    if env.get("DATABASE_URL") == HOOK_DATABASE_URL and env.get("GM_DBURL"):
        # Run by a hook command (pgshift or graphile-migrate set DATABASE_URL so): the hook's
        # database is GM_DBURL, whatever the file says, as graphile-migrate's own commands do.
        values["database_url"], origins["database_url"] = env["GM_DBURL"], "$GM_DBURL"

    pg_settings = _string_map(raw, "pg_settings", problems)
    locks = _lock_settings(raw, None, problems, (None, DEFAULT_LOCK_RETRIES))
    lint_on_commit = _string(raw, "lint_on_commit", problems) or "warn"
    if lint_on_commit not in LINT_ON_COMMIT:
        problems.append(
            f"'lint_on_commit' must be one of {', '.join(map(repr, LINT_ON_COMMIT))}, "
            f"got {lint_on_commit!r}"
        )
    top_placeholders = raw.get("placeholders", {})
    replaced = chosen_section.get("placeholders", {})
    if isinstance(top_placeholders, dict) and isinstance(replaced, dict):
        top_placeholders = {k: v for k, v in top_placeholders.items() if k not in replaced}
    placeholders = _placeholders(top_placeholders, "placeholders", problems, env)
    confirm = False
    fleet: tuple[tuple[str, ...], str | None] = ((), None)
    active_sets: tuple[str, ...] = ()
    environments = raw.get("environments", {})
    if not isinstance(environments, dict):
        problems.append("'environments' must be a table of [environments.NAME] tables")
        environments = {}
    # Every environment is checked on every load: a typo in [environments.prod] must not wait
    # for the deploy that finally says --env prod. Only the chosen one reads the environment.
    for name, section in sorted(environments.items()):
        _check_environment(name, section, problems)
    if environment is not None:
        chosen = environments.get(environment)
        if not isinstance(chosen, dict):
            known = ", ".join(sorted(environments)) or "none are configured"
            problems.append(f"unknown environment {environment!r} (known: {known})")
        else:
            prefix = f"environments.{environment}"
            # A named environment is an explicit choice: its URLs win over DATABASE_URL & co.
            for key in _URL_KEYS:
                value = _string(chosen, key, problems, prefix=prefix)
                if value is not None:
                    values[key] = _expand_env(value, env, f"{prefix}.{key}", problems)
                    origins[key] = f"'{prefix}.{key}'"
            pg_settings = {
                **pg_settings,
                **_string_map(chosen, "pg_settings", problems, prefix),
            }
            placeholders = {
                **placeholders,
                **_placeholders(
                    chosen.get("placeholders", {}),
                    f"{prefix}.placeholders",
                    problems,
                    env,
                ),
            }
            confirm = _bool(chosen, "confirm", False, problems, prefix=prefix)
            locks = _lock_settings(chosen, prefix, [], locks)  # checked with every environment
            fleet = _fleet(chosen, prefix, env, problems)
            chosen_sets = chosen.get("sets")
            if isinstance(chosen_sets, list):
                active_sets = tuple(str(n) for n in chosen_sets)

    history_schema = _string(raw, "history_schema", problems) or "pgshift"
    if not _IDENT.match(history_schema):
        problems.append(f"'history_schema' must be a plain identifier, got {history_schema!r}")
    folder = _string(raw, "migrations_folder", problems) or "migrations"
    hooks = {key: _actions(raw.get(key, []), key, problems) for key in HOOK_KEYS if key in raw}
    blank = _string(raw, "blank_migration_content", problems)
    owner = _string(raw, "database_owner", problems)
    manage_history_schema = _bool(raw, "manage_history_schema", True, problems)
    library = raw.get("library", {})
    if not isinstance(library, dict):
        problems.append("'library' must be a table")
        library = {}
    problems += _unknown_keys(library, _LIBRARY_KEYS, where=" in [library]")
    sets = _sets(raw.get("sets", {}), folder, history_schema, problems)
    names = [m.name for m in sets]
    for env_name, section in sorted(environments.items()):
        listed = section.get("sets", []) if isinstance(section, dict) else []
        for unknown in [n for n in listed if isinstance(n, str) and n not in names]:
            problems.append(
                f"'environments.{env_name}.sets' names {unknown!r}, which is not a set "
                f"(known: {', '.join(names)})"
            )
    library_install = _bool(library, "install", True, problems, prefix="library")
    library_multitenancy = _bool(library, "multitenancy", False, problems, prefix="library")
    schema_file = _schema_file(raw, sets, problems)
    schema_file_owners = _bool(raw, "schema_file_owners", False, problems)
    if "schema_file_owners" in raw and "schema_file" not in raw:
        problems.append("'schema_file_owners' is set but 'schema_file' is not")

    for key, value in values.items():
        if value:
            _check_url(value, origins[key], problems)
    db, shadow = values["database_url"], values["shadow_database_url"]
    if db and shadow and _same_database(db, shadow):
        problems.append(
            "'shadow_database_url' names the same database as 'database_url'; the shadow "
            "database is dropped and re-created, so it must be another one"
        )
    if shadow and not db:
        problems.append("'shadow_database_url' is set but 'database_url' is not")

    if problems:
        raise ConfigError(problems, source=str(source) if source else None)
    return Config(
        root=root,
        source=source,
        database_url=db,
        shadow_database_url=shadow,
        root_database_url=values["root_database_url"],
        migrations_folder=Path(folder),
        history_schema=history_schema,
        pg_settings=pg_settings,
        placeholders=placeholders,
        hooks=hooks,
        blank_migration_content=DEFAULT_BLANK_MIGRATION if blank is None else blank,
        database_owner=owner,
        manage_history_schema=manage_history_schema,
        library_install=library_install,
        library_multitenancy=library_multitenancy,
        environment=environment,
        confirm=confirm,
        lock_timeout_ms=locks[0],
        lock_retries=locks[1],
        lint_on_commit=lint_on_commit,
        environments=tuple(sorted(environments)),
        database_urls=fleet[0],
        database_urls_query=fleet[1],
        sets=sets,
        active_sets=active_sets,
        schema_file=schema_file,
        schema_file_owners=schema_file_owners,
    )


def _schema_file(
    raw: Mapping[str, Any], sets: tuple[MigrationSet, ...], problems: list[str]
) -> Path | None:
    """`schema_file`: a path inside the project, and not where pgshift reads migrations (a
    committed or repeatable folder, the current migration), which the file would join."""
    value = _string(raw, "schema_file", problems)
    if value is None:
        return None
    path = Path(value)
    if not value.strip() or path.is_absolute() or ".." in path.parts:
        problems.append(
            f"'schema_file' must be a file path relative to the project root, got {value!r}"
        )
        return None
    for folder in (s.folder for s in sets):
        read = [folder / name for name in ("committed", "repeatable", "current.sql", "current")]
        if any(path == p or p in path.parents for p in read):
            problems.append(
                f"'schema_file' = {value!r} is where pgshift reads migrations from; "
                f"put it elsewhere, for example {str(folder / 'schema.sql')!r}"
            )
    return path


def _sets(
    value: Any, main_folder: str, main_schema: str, problems: list[str]
) -> tuple[MigrationSet, ...]:
    """`[sets.NAME]` tables, after the implicit `main` set, in the order the file lists them."""
    main = MigrationSet(MAIN_SET, Path(main_folder), main_schema)
    if not isinstance(value, dict):
        problems.append("'sets' must be a table of [sets.NAME] tables")
        return (main,)
    found = [main]
    for name, section in value.items():
        prefix = f"sets.{name}"
        if name == MAIN_SET or not _SET_NAME.match(name):
            problems.append(
                f"[{prefix}]: a set is named in lower case letters, digits and _ "
                f"('{MAIN_SET}' is the project's own chain, configured at the top level)"
            )
            continue
        if not isinstance(section, dict):
            problems.append(f"'{prefix}' must be a table")
            continue
        problems += _unknown_keys(section, _SET_KEYS, where=f" in [{prefix}]")
        folder = _string(section, "folder", problems, prefix=prefix)
        if folder is None:
            problems.append(f"[{prefix}] needs 'folder', the folder of its migrations")
            continue
        schema = _string(section, "history_schema", problems, prefix=prefix)
        schema = schema or f"{main_schema}_{name}"
        if not _IDENT.match(schema):
            problems.append(f"'{prefix}.history_schema' must be a plain identifier, got {schema!r}")
        found.append(MigrationSet(name, Path(folder), schema))
    schemas = [s.history_schema for s in found]
    folders = [s.folder for s in found]
    if len(set(schemas)) < len(schemas) or len(set(folders)) < len(folders):
        problems.append("every migration set needs a folder and a history schema of its own")
    return tuple(found)


def _chosen_section(raw: Mapping[str, Any], environment: str | None) -> dict[str, Any]:
    environments = raw.get("environments", {})
    chosen = environments.get(environment) if isinstance(environments, dict) else None
    return chosen if environment is not None and isinstance(chosen, dict) else {}


def _unknown_keys(section: Mapping[str, Any], known: set[str], *, where: str) -> list[str]:
    """A problem per unknown key, with the nearest known key when one is close."""
    import difflib

    problems = []
    for key in sorted(set(section) - known):
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"unknown key {key!r}{where}{hint}")
    return problems


def _check_environment(name: str, section: Any, problems: list[str]) -> None:
    """Keys and value types of one [environments.NAME], without reading the environment."""
    prefix = f"environments.{name}"
    if not isinstance(section, dict):
        problems.append(f"'{prefix}' must be a table")
        return
    problems += _unknown_keys(section, _ENV_KEYS, where=f" in [{prefix}]")
    for key in (*_URL_KEYS, "database_urls_query"):
        _string(section, key, problems, prefix=prefix)
    urls = section.get("database_urls", [])
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        problems.append(f"'{prefix}.database_urls' must be a list of connection strings")
    if "database_urls_query" in section and "root_database_url" not in section:
        problems.append(
            f"[{prefix}] has 'database_urls_query' but no 'root_database_url', the server the "
            "query runs on (it is never taken from the shell's environment)"
        )
    if ("database_urls" in section or "database_urls_query" in section) and (
        "shadow_database_url" in section
    ):
        problems.append(
            f"[{prefix}] names many databases; a shadow database belongs to one development "
            "database, not to a fleet: remove 'shadow_database_url'"
        )
    _lock_settings(section, prefix, problems, (None, DEFAULT_LOCK_RETRIES))
    if not isinstance(section.get("confirm", False), bool):
        problems.append(f"'{prefix}.confirm' must be true or false")
    sets = section.get("sets", [])
    if not isinstance(sets, list) or not all(isinstance(n, str) for n in sets):
        problems.append(f"'{prefix}.sets' must be a list of set names")


def _fleet(
    section: Mapping[str, Any], prefix: str, env: Mapping[str, str], problems: list[str]
) -> tuple[tuple[str, ...], str | None]:
    """The chosen environment's database_urls (expanded and checked) and database_urls_query."""
    urls = section.get("database_urls", [])
    expanded = []
    if isinstance(urls, list):
        for i, url in enumerate(u for u in urls if isinstance(u, str)):
            label = f"{prefix}.database_urls[{i}]"
            value = _expand_env(url, env, label, problems)
            _check_url(value, f"'{label}'", problems)
            expanded.append(value)
    query = section.get("database_urls_query")
    return tuple(expanded), query if isinstance(query, str) else None


def _check_url(value: str, origin: str, problems: list[str]) -> None:
    """A connection string libpq can read; the problem names where it came from, never its
    text (it may hold a password)."""
    from .db import dsn_params

    try:
        dsn_params(value)
    except Exception:  # noqa: BLE001 - libpq's message may quote the password
        problems.append(
            f"{origin} is not a connection string (expected postgresql://user@host/db or "
            "'host=... dbname=...'; check its %-encoding and quoting)"
        )


def _same_database(a: str, b: str) -> bool:
    """Whether two connection strings name one database, however spelled (URL or key=value,
    default port written out or not). Two names of one host (localhost, 127.0.0.1) are caught
    later, on the server itself (see `migrate.runner.recreate_database`)."""
    from .db import database_name, dsn_params

    def key(dsn: str) -> tuple[str, str, str]:
        try:
            params = dsn_params(dsn)
        except Exception:  # noqa: BLE001 - a malformed one fails on connect, with its message
            return (dsn, "", "")
        return (params.get("host", ""), params.get("port", "5432"), database_name(dsn))

    return key(a) == key(b)


def _label(key: str, prefix: str | None) -> str:
    return f"'{prefix}.{key}'" if prefix else f"'{key}'"


def _string(
    raw: Mapping[str, Any], key: str, problems: list[str], *, prefix: str | None = None
) -> str | None:
    value = raw.get(key)
    if value is None or isinstance(value, str):
        return value
    problems.append(f"{_label(key, prefix)} must be a string, got {type(value).__name__}")
    return None


def _bool(
    raw: Mapping[str, Any],
    key: str,
    default: bool,
    problems: list[str],
    *,
    prefix: str | None = None,
) -> bool:
    value = raw.get(key, default)
    if isinstance(value, bool):
        return value
    problems.append(f"{_label(key, prefix)} must be true or false")
    return default


def _lock_settings(
    raw: Mapping[str, Any],
    prefix: str | None,
    problems: list[str],
    default: tuple[int | None, int],
) -> tuple[int | None, int]:
    """`lock_timeout` (a duration: "2s", "500ms", "1min", or milliseconds; 0 turns it off) and
    `lock_retries` (a count), each falling back to `default` when absent."""
    timeout, retries = default
    if "lock_timeout" in raw:
        value = raw["lock_timeout"]
        try:
            timeout = parse_duration_ms(value) or None
        except ValueError:
            problems.append(
                f'{_label("lock_timeout", prefix)} must be a duration such as "2s", '
                f'"500ms" or "1min" (or milliseconds), got {value!r}'
            )
    if "lock_retries" in raw:
        value = raw["lock_retries"]
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
            retries = value
        else:
            problems.append(f"{_label('lock_retries', prefix)} must be a number from 0 to 100")
    return timeout, retries


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)?\s*$")
_DURATION_MS = {"ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, None: 1}


def parse_duration_ms(value: object) -> int:
    """A duration as PostgreSQL writes `lock_timeout` ("2s", "500ms", "1min", "1h"; a bare
    number is milliseconds) -> milliseconds. Raises `ValueError`.

    >>> parse_duration_ms("2s"), parse_duration_ms(250), parse_duration_ms("1.5min")
    (2000, 250, 90000)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"not a duration: {value!r}")
    match = _DURATION.match(str(value))
    if match is None:
        raise ValueError(f"not a duration: {value!r}")
    return round(float(match.group(1)) * _DURATION_MS[match.group(2)])


def _string_map(
    raw: Mapping[str, Any], key: str, problems: list[str], prefix: str | None = None
) -> dict[str, str]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        problems.append(f"{_label(key, prefix)} must be a table")
        return {}
    out: dict[str, str] = {}
    for name, item in value.items():
        if isinstance(item, bool):
            out[name] = "on" if item else "off"
        elif isinstance(item, (str, int, float)):
            out[name] = str(item)
        else:
            problems.append(f"{_label(key, prefix)}: {name!r} must be a string or number")
    return out


def _placeholders(
    value: Any, label: str, problems: list[str], env: Mapping[str, str]
) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append(f"'{label}' must be a table")
        return {}
    out: dict[str, str] = {}
    for name, item in value.items():
        if not _PLACEHOLDER_NAME.match(name):
            problems.append(
                f"'{label}': {name!r} is not a placeholder name (':' then capitals, digits, _)"
            )
            continue
        if name in _BUILTIN_PLACEHOLDERS:
            problems.append(f"'{label}': {name} is built in and cannot be set")
            continue
        if not isinstance(item, str):
            problems.append(f"'{label}': {name} must be a string")
            continue
        if item == "!ENV":
            var = name[1:]
            if not env.get(var):  # empty counts as unset, as graphile-migrate has it
                problems.append(f"'{label}': {name} = \"!ENV\" but ${var} is not set")
                continue
            item = env[var]
        out[name] = item
    return out


def _expand_env(value: str, env: Mapping[str, str], label: str, problems: list[str]) -> str:
    """Expand `${VAR}` so environment sections can keep secrets out of the file."""

    def replace(match: re.Match[str]) -> str:
        var = match.group(1)
        if var not in env:
            problems.append(f"'{label}' uses ${{{var}}}, which is not set")
            return ""
        return env[var]

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", replace, value)


def _actions(value: Any, key: str, problems: list[str]) -> tuple[Action, ...]:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        problems.append(f"'{key}' must be a list of SQL files or {{command = \"...\"}} tables")
        return ()
    actions: list[Action] = []
    for item in value:
        if isinstance(item, str) and item.startswith("!"):
            # graphile-migrate's short form; one spelling here, the table says what it does.
            problems.append(
                f"'{key}': write the root action \"{item}\" as "
                f'{{ sql = "{item[1:]}", root = true }}'
            )
        elif isinstance(item, str):
            actions.append(Action(sql_file=item))
        elif (
            isinstance(item, dict)
            and set(item) <= {"command", "sql", "shadow", "root"}
            and (isinstance(item.get("command"), str) != isinstance(item.get("sql"), str))
        ):
            actions.append(_action_table(item, key, problems))
        else:
            problems.append(
                f"'{key}': each action is a SQL file name, {{sql = \"file.sql\"}} "
                f'or {{command = "..."}}, got {item!r}'
            )
    return tuple(actions)


def _action_table(item: Mapping[str, Any], key: str, problems: list[str]) -> Action:
    shadow, root = item.get("shadow"), item.get("root", False)
    if shadow is not None and not isinstance(shadow, bool):
        problems.append(f"'{key}': 'shadow' must be true or false")
    if not isinstance(root, bool):
        problems.append(f"'{key}': 'root' must be true or false")
    elif root and "sql" in item and key not in _ROOT_SQL_HOOKS:
        problems.append(
            f"'{key}': a SQL file runs as root only in before_reset and after_reset "
            "(as with graphile-migrate); a command may"
        )
    return Action(
        sql_file=item.get("sql"),
        command=item.get("command"),
        shadow=shadow,
        root=root is True,
    )
