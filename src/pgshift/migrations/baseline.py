"""`baseline`: start pgshift's history from a database no migration tool manages.

The database's schema, as `schemadump` writes it (what builds it in a fresh database, pgshift's
own schemas left out), becomes the first committed migration. It is proven on the shadow
database — reset, migrated with the new file, then compared with the database: any difference
and the file is removed again — and recorded as applied in the database it was read from, with
the row `migrate` writes after running a file. The database's advisory lock is held from the
first read to the last write. docs/repeatable.md, "Baselines".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..adoption.guard import refuse_foreign_history
from ..config import Config
from ..db import advisory_lock, connect
from ..errors import BaselineMismatchError, DatabaseError, MigrationFileError, PgshiftError
from ..targets import Target
from . import history
from .files import committed_dir, read_committed, require_migrations_dir
from .hashing import compute_hash
from .headers import check_message, serialize_migration, slugify
from .runner import compile_current, open_session, reset
from .schemadump import read_fresh_model, read_model, schema_changes, schema_sql
from .schemafile import SchemaFileResult, keeps_schema_file, write_schema_file
from .sqlscan import is_blank

if TYPE_CHECKING:
    import psycopg

    from ..diff import Change, Include
    from ..inspect.model import Model

DEFAULT_MESSAGE = "baseline"
# How many differences a refused baseline lists (the rest are counted).
_LISTED = 20
# diff's script turns function body checks off for the session, as pg_dump does; in a migration
# that would last for every later migration on the connection, so it lasts for this one only.
_CHECK_BODIES = "set check_function_bodies = false;"
_CHECK_BODIES_HERE = "set local check_function_bodies = false;"


@dataclass(frozen=True)
class BaselineResult:
    """The committed file, the database it was read from and recorded as applied in, how many
    changes the file makes to a fresh database, the kinds left out (`allow_unread`), and the
    schema file when one is kept of that database."""

    path: Path
    hash: str
    database: str
    changes: int
    left_out: dict[str, int] = field(default_factory=dict)
    schema_file: SchemaFileResult | None = None


def baseline(
    config: Config,
    target: Target,
    *,
    source: str | None = None,
    message: str = DEFAULT_MESSAGE,
    owners: bool = False,
    allow_unread: bool = False,
) -> BaselineResult:
    """Write the first committed migration from a live database's schema, prove it on the
    shadow database and record it as applied in that database.

    `source`: the database to read (and record in) instead of `target.main`; the fresh database
    the schema is compared with is made from `target.root` either way. `owners`: also write
    `ALTER ... OWNER TO` (the roles must exist where the history is replayed). Refused when
    pgshift's history or another tool's is there, the committed folder is not empty, the
    current migration is not blank, or (unless `allow_unread`) the database holds kinds
    `inspect` does not read, which the baseline would leave out.
    """
    from ..diff import Include

    check_message(message)
    refuse_existing_files(config)
    refuse_current_work(config)
    url = source or target.main
    root = target.root
    if root is None:
        raise PgshiftError("baseline needs a root connection to make a fresh database with")
    include = Include.PRIVILEGES | (Include.OWNERS if owners else Include.DEFINITIONS)
    with open_session(config, url) as session, advisory_lock(session.conn):
        conn = session.conn
        refuse_history(conn, config)
        model = read_model(conn, config)
        if model.unread and not allow_unread:
            raise PgshiftError(_unread_refusal(conn.info.dbname, model.unread))
        changes = schema_changes(model, read_fresh_model(root, config), include=include)
        path, digest = write_baseline(config, message, schema_body(changes, model.unread))
        try:
            # The shadow is reset from `target.root`; naming `url` as the main database makes
            # reset refuse to drop it, should the shadow's URL name the database read.
            prover = Target(main=url, shadow=target.require_shadow(), root=root)
            prove_baseline(config, prover, model, include=include, path=path)
            record_baseline(conn, config)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        schema_file = None
        if source is None and keeps_schema_file(config, target):  # as migrate would write it
            schema_file = write_schema_file(config, conn, root_url=root)
        return BaselineResult(
            path, digest, conn.info.dbname, len(changes), dict(model.unread), schema_file
        )


def refuse_existing_files(config: Config) -> None:
    """A baseline is the first committed file: the committed folder must hold none (files
    whose names start with a dot, such as .gitkeep, do not count)."""
    require_migrations_dir(config.migrations_dir)
    folder = committed_dir(config.migrations_dir)
    if not folder.is_dir():
        return
    found = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    if found:
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        raise MigrationFileError(
            f"the committed folder holds {found[0]}{more}; a baseline starts a history, so it "
            "must be the first committed migration: baseline a project with no committed file",
            path=folder,
        )


def refuse_current_work(config: Config) -> None:
    """The current migration may already have run on the database (watch): read into the
    baseline, it would run twice once committed."""
    current, text = compile_current(config)
    if not is_blank(text):
        raise MigrationFileError(
            "the current migration is not blank; a baseline reads the database, which may "
            "already hold its work: clear it (or move it aside) and baseline again",
            path=current.path,
        )


def refuse_history(conn: psycopg.Connection[Any], config: Config) -> None:
    """pgshift's history must be empty, and no other tool's history may be there."""
    schema = config.history_schema
    applied = history.read_applied(conn, schema, create=False)
    if applied:
        raise PgshiftError(
            f"{conn.info.dbname} already has pgshift's history ({len(applied)} migration(s) "
            f"applied, the last {applied[-1].filename} in {schema}.migrations); a baseline "
            "starts a history, it cannot join one"
        )
    refuse_foreign_history(conn, schema)


def _unread_refusal(database: str, unread: dict[str, int]) -> str:
    from ..inspect.census import describe_unread

    return (
        f"{database} holds objects of kinds pgshift does not read yet, which a baseline would "
        f"leave out: {describe_unread(unread)} (inspect's census, docs/moves.md). Pass "
        "--allow-unread to write the baseline without them: databases built from the history "
        "then lack them until a migration creates them"
    )


def schema_body(changes: list[Change], unread: dict[str, int]) -> str:
    """The baseline's text: a comment saying what it is (and what it leaves out), then the
    schema's SQL."""
    from ..inspect.census import describe_unread

    lines = ["-- Baseline: the schema the database held when pgshift's history started."]
    if unread:
        lines.append(f"-- Left out, pgshift does not read these yet: {describe_unread(unread)}.")
    script = schema_sql(changes)
    if script.startswith(_CHECK_BODIES):
        script = _CHECK_BODIES_HERE + script[len(_CHECK_BODIES) :]
    return "\n".join(lines) + ("\n\n" + script if script else "\n")


def write_baseline(config: Config, message: str, body: str) -> tuple[Path, str]:
    """Write `body` as committed migration 000001 (read-only, as commit leaves its files)."""
    digest = compute_hash(body, None)
    slug = slugify(message)
    path = committed_dir(config.migrations_dir) / ("000001" + (f"-{slug}" if slug else "") + ".sql")
    headers: dict[str, str | None] = {"Previous": "-", "Hash": digest, "Message": message}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialize_migration(body, headers), encoding="utf-8")
    path.chmod(0o440)
    return path, digest


def prove_baseline(
    config: Config, prover: Target, model: Model, *, include: Include, path: Path
) -> None:
    """Reset the shadow database and migrate it (running the new file), then compare it with
    `model`: `BaselineMismatchError` when `diff` finds anything."""
    try:
        reset(config, prover, shadow=True)
    except DatabaseError as exc:
        raise DatabaseError(
            f"{exc}\n  note: the baseline failed on the shadow database; it was removed and "
            "nothing was recorded",
            path=exc.path,
            line=exc.line,
            column=exc.column,
            sqlstate=exc.sqlstate,
        ) from exc
    with connect(prover.require_shadow(), settings=config.pg_settings) as shadow:
        rebuilt = read_model(shadow, config)
    left = schema_changes(model, rebuilt, include=include)
    if left:
        listed = "\n".join(f"  - {c.describe()}" for c in left[:_LISTED])
        more = f"\n  ... and {len(left) - _LISTED} more" if len(left) > _LISTED else ""
        raise BaselineMismatchError(
            f"{path.name} does not rebuild the database: on the shadow database, migrated with "
            f"it, diff still finds {len(left)} change(s) to make it like the database:\n"
            f"{listed}{more}\nThe file was removed and nothing was recorded",
            changes=left,
        )


def record_baseline(conn: psycopg.Connection[Any], config: Config) -> None:
    """Record the baseline as applied, with the row `migrate` writes after running a file."""
    (migration,) = read_committed(config.migrations_dir)  # parsed and hashed as migrate does
    schema = config.history_schema
    with conn.transaction():
        history.ensure_history(conn, schema, manage=config.manage_history_schema)
        history.record_applied(
            conn,
            schema,
            hash=migration.hash,
            previous_hash=migration.previous_hash,
            filename=migration.filename,
        )
