"""graphile-migrate's `.gmrc`, read as pgshift configuration (see docs/adopting.md).

`gmrc_to_raw` checks every setting graphile-migrate 1.4 knows, with its rules, and returns the
same mapping a `pgshift.toml` would hold; `config.build_config` then validates it like any
other. `render_toml` writes that mapping as a `pgshift.toml` (for `pgshift init --from-gmrc`).
Pure: text in, data out; `config.py` reads the file.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._json5 import Json5Array, Json5Error, Json5Object, Position, parse_json5
from .errors import ConfigError

GMRC_FILE = ".gmrc"
# graphile-migrate require()s these when there is no .gmrc; pgshift cannot run JavaScript.
GMRC_SCRIPT_FILES = (".gmrc.js", ".gmrc.cjs")
GM_HISTORY_SCHEMA = "graphile_migrate"

# .gmrc setting -> pgshift.toml key, for the plain string settings.
_STRINGS = {
    "connectionString": "database_url",
    "shadowConnectionString": "shadow_database_url",
    "rootConnectionString": "root_database_url",
    "databaseOwner": "database_owner",
    "migrationsFolder": "migrations_folder",
    "blankMigrationContent": "blank_migration_content",
}
_ACTIONS = {
    "beforeReset": "before_reset",
    "afterReset": "after_reset",
    "beforeAllMigrations": "before_all_migrations",
    "afterAllMigrations": "after_all_migrations",
    "beforeCurrent": "before_current",
    "afterCurrent": "after_current",
}
# graphile-migrate runs SQL files as root only around a reset (makeValidateActionCallback).
_ROOT_SQL_HOOKS = {"beforeReset", "afterReset"}
_OTHER = ("pgSettings", "placeholders", "manageGraphileMigrateSchema", "logger")
SETTINGS = (*_STRINGS, *_ACTIONS, *_OTHER)
# graphile-migrate's own rule: at least two characters after the colon.
_PLACEHOLDER = re.compile(r"^:[A-Z][0-9A-Z_]+$")
_RESERVED_PLACEHOLDERS = (":DATABASE_NAME", ":DATABASE_OWNER")
_ACTION_KEYS = {
    "sql": ("_", "file", "shadow", "root"),
    "command": ("_", "command", "shadow", "root"),
}


def gmrc_to_raw(text: str, *, path: str) -> dict[str, Any]:
    """The pgshift configuration equivalent to a `.gmrc`'s text (`path` names it in errors).

    The history schema is `graphile_migrate` and the library is not installed, as for any
    project graphile-migrate manages. A connection string the file does not set comes from the
    environment, as graphile-migrate reads it: `database_url` becomes `${DATABASE_URL}`; the
    shadow and root URLs are left out (pgshift reads SHADOW_DATABASE_URL and ROOT_DATABASE_URL).
    Raises `ConfigError` listing every problem as `path:line:column: message`.
    """
    try:
        settings = parse_json5(text, source=path)
    except Json5Error as exc:
        raise ConfigError([f"{exc} (graphile-migrate reads .gmrc as JSON5)"]) from None
    reader = _Reader(path)
    raw = reader.read(settings)
    if reader.problems:
        raise ConfigError(reader.problems)
    return raw


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[str] = []

    def problem(self, where: Position, message: str) -> None:
        self.problems.append(f"{self.path}:{where[0]}:{where[1]}: {message}")

    def read(self, settings: Any) -> dict[str, Any]:
        if not isinstance(settings, Json5Object):
            self.problem((1, 1), "expected an object of settings ({ ... })")
            return {}
        raw: dict[str, Any] = {
            "history_schema": GM_HISTORY_SCHEMA,
            "library": {"install": False},
            "database_url": "${DATABASE_URL}",
        }
        for key, value in settings.items():
            where = settings.key_positions[key]
            if key.startswith("//"):  # graphile-migrate's convention for a comment key
                continue
            if key in _STRINGS:
                if not isinstance(value, str):
                    self.problem(where, f"'{key}' must be a string, got {_js_type(value)}")
                elif not value and key.endswith("ConnectionString"):
                    self.problem(where, f"'{key}' is empty")
                else:
                    raw[_STRINGS[key]] = _bare_database(value) if key.startswith("root") else value
            elif key in _ACTIONS:
                actions = self.actions(key, value, where)
                if actions:
                    raw[_ACTIONS[key]] = actions
            elif key == "pgSettings":
                raw["pg_settings"] = self.pg_settings(value, where)
            elif key == "placeholders":
                raw["placeholders"] = self.placeholders(value, where)
            elif key == "manageGraphileMigrateSchema":
                if not isinstance(value, bool):
                    self.problem(where, f"'{key}' must be true or false, got {_js_type(value)}")
                elif not value:
                    raw["manage_history_schema"] = False
            elif key == "logger":
                self.problem(where, "'logger' holds a JavaScript object, which only .gmrc.js can")
            else:
                self.problem(where, f"unknown setting '{key}' ({_nearest(key, SETTINGS)})")
        return raw

    def pg_settings(self, value: Any, where: Position) -> dict[str, str]:
        if not isinstance(value, Json5Object):
            self.problem(where, f"'pgSettings' must be an object, got {_js_type(value)}")
            return {}
        out: dict[str, str] = {}
        for name, item in value.items():
            # Booleans are refused, as graphile-migrate refuses them.
            if isinstance(item, str):
                out[name] = item
            elif isinstance(item, (int, float)) and not isinstance(item, bool):
                out[name] = _js_number_text(item)
            else:
                self.problem(
                    value.key_positions[name],
                    f"pgSettings '{name}' must be a string or a number, got {_js_type(item)}",
                )
        return out

    def placeholders(self, value: Any, where: Position) -> dict[str, str]:
        if not isinstance(value, Json5Object):
            self.problem(where, f"'placeholders' must be an object, got {_js_type(value)}")
            return {}
        out: dict[str, str] = {}
        for name, item in value.items():
            at = value.key_positions[name]
            if not _PLACEHOLDER.match(name):
                self.problem(at, f"placeholder {name!r} must look like ':ABCD_EFG_HIJ'")
            elif name in _RESERVED_PLACEHOLDERS:
                self.problem(at, f"placeholder {name} is built in and cannot be set")
            elif not isinstance(item, str):
                self.problem(at, f"placeholder {name} must be a string, got {_js_type(item)}")
            else:
                out[name] = item  # "!ENV" stays: build_config reads the environment
        return out

    def actions(self, hook: str, value: Any, where: Position) -> list[Any]:
        if value is None or value is False or value == "":
            return []  # graphile-migrate reads a falsy value as no actions
        if isinstance(value, Json5Array):
            items = list(zip(value, value.item_positions, strict=True))
        else:  # one action may stand alone, without a list
            items = [(value, where)]
        out: list[Any] = []
        for item, at in items:
            action = self.action(hook, item, at)
            if action is not None:
                out.append(action)
        return out

    def action(self, hook: str, item: Any, at: Position) -> Any:
        if isinstance(item, str) and item:
            if not item.startswith("!"):
                return item
            # "!file.sql" is graphile-migrate's short form of a root SQL action.
            return self.checked_root(hook, {"sql": item[1:], "root": True}, at)
        if not isinstance(item, Json5Object):
            self.problem(
                at,
                f"each {hook} action is a file name or an action object, got {_js_type(item)}",
            )
            return None
        kind = item.get("_", "command" if "command" in item else None)
        if kind not in _ACTION_KEYS:
            shown = "no '_'" if kind is None else f"'_': {json.dumps(kind)}"
            self.problem(at, f"{hook} action with {shown}; expected 'sql' or 'command'")
            return None
        out: dict[str, Any] = {}
        for key, field in item.items():
            key_at = item.key_positions[key]
            if key.startswith("//") or key == "_":
                continue
            if key not in _ACTION_KEYS[kind]:
                hint = _nearest(key, _ACTION_KEYS[kind][1:])
                self.problem(key_at, f"unknown key '{key}' in a {kind} action ({hint})")
            elif key in ("shadow", "root"):
                if isinstance(field, bool):
                    out[key] = field
                else:
                    self.problem(key_at, f"'{key}' must be true or false, got {_js_type(field)}")
            elif isinstance(field, str) and field:
                out["sql" if key == "file" else key] = field
            else:
                self.problem(key_at, f"'{key}' must be a non-empty string")
        required = "file" if kind == "sql" else "command"
        if required not in item:
            self.problem(at, f"a {kind} action needs '{required}'")
            return None
        return self.checked_root(hook, out, at)

    def checked_root(self, hook: str, action: dict[str, Any], at: Position) -> Any:
        if action.get("root") and "sql" in action and hook not in _ROOT_SQL_HOOKS:
            self.problem(at, f"{hook} cannot run SQL as root; only beforeReset and afterReset can")
            return None
        return action


def _nearest(key: str, known: tuple[str, ...]) -> str:
    near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f"did you mean '{near[0]}'?" if near else "known: " + ", ".join(known)


def _bare_database(value: str) -> str:
    """graphile-migrate takes a root connection string without `://` or `=` (its default is
    `template1`) as a database name on the default server; libpq spells that `dbname=NAME`."""
    if "://" in value or "=" in value or not value:
        return value
    return f"dbname={value}"


def _js_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _js_number_text(value: int | float) -> str:
    """The number as JavaScript's String() writes it (graphile-migrate sends settings as text):
    the shortest digits that read back as the same double, in plain notation from 1e-6 up to
    1e21 and in exponent notation outside it."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign, digit_tuple, exponent = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple))
    k, n = len(digits), len(digits) + exponent  # value = 0.digits * 10**n
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        mantissa = digits if k == 1 else f"{digits[0]}.{digits[1:]}"
        text = f"{mantissa}e{'+' if n > 0 else '-'}{abs(n - 1)}"
    return ("-" if sign else "") + text


# --- pgshift.toml -----------------------------------------------------------------------------

_TOML_HEADER = """\
# pgshift configuration converted from {source} by `pgshift init --from-gmrc`; see docs/cli.md.
# The history stays in the graphile_migrate schema, so both tools read it.
"""


def render_toml(raw: Mapping[str, Any], *, source: str) -> str:
    """`raw` (from `gmrc_to_raw`) written as a pgshift.toml.

    Connection strings graphile-migrate took from the environment stay references to it.
    """
    lines = [_TOML_HEADER.format(source=source).rstrip("\n")]
    if raw.get("database_url") == "${DATABASE_URL}":
        lines.append("# The connection strings come from the environment, as they did for")
        lines.append("# graphile-migrate (SHADOW_DATABASE_URL and ROOT_DATABASE_URL too).")
    else:
        lines.append(
            "# DATABASE_URL, SHADOW_DATABASE_URL and ROOT_DATABASE_URL, when set, win over"
        )
        lines.append("# the URLs below (graphile-migrate preferred its file's).")
    tables: list[str] = []
    for key, value in raw.items():
        if isinstance(value, Mapping):
            tables.append("")
            tables.append(f"[{key}]")
            tables += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"{key} = [")
            lines += [f"  {_toml_value(item)}," for item in value]
            lines.append("]")
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines + tables) + "\n"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, Mapping):
        return (
            "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
        )
    raise TypeError(f"cannot write {value!r} as TOML")  # pragma: no cover - gmrc_to_raw's types


def _toml_string(text: str) -> str:
    escapes = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
    escapes["\r"] = "\\r"
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
