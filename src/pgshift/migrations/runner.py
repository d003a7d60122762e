"""Applying migrations: `migrate`, running the current migration, `reset`.

Each function takes a `Config`, does its work and returns a result dataclass; it never prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import pq, sql

from ..adoption.guard import refuse_foreign_history
from ..config import MAIN_SET, Config
from ..db import advisory_lock, connect, database_name, dsn_params
from ..errors import BrokenChainError, MigrationFileError, PgshiftError, UsageError
from ..targets import Target
from . import history, repeatable
from .actions import HookTarget, run_hooks
from .errorpos import Locator, located_error
from .files import (
    CommittedMigration,
    Current,
    expand_includes_located,
    read_committed,
    read_current,
)
from .headers import parse_migration_text
from .history import AppliedMigration
from .placeholders import placeholder_values, replace_placeholders
from .schemafile import SchemaFileResult, keeps_schema_file, write_schema_file
from .sqlscan import count_statements, fingerprint, is_blank, is_no_transaction

if TYPE_CHECKING:
    from .lockwait import LockRetry


@dataclass(frozen=True)
class Session:
    """An open connection to the database a command works on, with what hooks need."""

    conn: psycopg.Connection[Any]
    url: str
    shadow: bool
    placeholders: dict[str, str]
    root_url: str | None = None  # for hooks that run as root

    @property
    def hook_target(self) -> HookTarget:
        return HookTarget(
            self.url, self.conn.info.dbname, self.shadow, self.placeholders, self.root_url
        )


@contextmanager
def open_session(
    config: Config, url: str, *, shadow: bool = False, root_url: str | None = None
) -> Iterator[Session]:
    """A connection to `url` with the configured settings and placeholder values.

    `root_url`: the target's root connection, for hooks that run as root.
    """
    conn = connect(url, settings=config.pg_settings)
    try:
        owner = config.database_owner or conn.info.user
        values = placeholder_values(
            config.placeholders, database_name=conn.info.dbname, database_owner=owner
        )
        yield Session(conn, url, shadow, values, root_url)
    finally:
        conn.close()


# --- migrate ----------------------------------------------------------------------------------

# Called with the session and a committed file just before `apply` applies it.
BeforeEach = Callable[[Session, CommittedMigration], None]


@dataclass(frozen=True)
class MigrateResult:
    database: str
    shadow: bool
    applied: list[str] = field(default_factory=list)  # file names, in order
    pending: list[str] = field(default_factory=list)  # with dry_run: what would run
    library_changed: bool = False
    dry_run: bool = False
    schema_file: SchemaFileResult | None = None  # written after migrating the dev database


def pending_migrations(
    files: list[CommittedMigration], applied: list[AppliedMigration], *, folder: Path
) -> list[CommittedMigration]:
    """The files after the last applied one, after checking the database agrees with the files.

    History rows of migrations a squash file replaced are accepted; a database that stopped
    inside a squashed range is refused (it would run the squash over half of it).
    """
    by_name = {m.filename: m for m in files}
    squashed = {name: m for m in files for name in m.squashes}
    for row in applied:
        migration = by_name.get(row.filename)
        if migration is None and row.filename in squashed:
            continue
        if migration is None:
            raise MigrationFileError(
                f"the database has applied {row.filename} ({row.hash}), which is not in "
                f"{folder}; is this checkout behind the database?"
            )
        if migration.hash != row.hash:
            raise BrokenChainError(
                f"{migration.real_filename} has hash {migration.hash} but the database applied "
                f"{row.filename} with hash {row.hash}; the history diverged "
                "(was it committed again on another branch?)",
                path=migration.path,
            )
    last = applied[-1].filename if applied else None
    if last in squashed and squashed[last].filename != last:
        squash = squashed[last]
        raise MigrationFileError(
            f"the database stopped at {last}, inside the range {squash.squashes[0]} to "
            f"{squash.squashes[-1]} that {squash.real_filename} replaced: bring it to "
            f"{squash.squashes[-1]} with the files from before the squash (for example from "
            "git history), then migrate with these",
            path=squash.path,
        )
    return [m for m in files if last is None or m.filename > last]


def check_runnable(migration: CommittedMigration) -> None:
    check_single_statement(migration.body, path=migration.path, line=migration.body_line)


def check_single_statement(body: str, *, path: Path, line: int) -> None:
    """A `--! no-transaction` migration must hold exactly one statement."""
    if not is_no_transaction(body):
        return
    count = count_statements(body)
    if count is not None and count > 1:
        raise MigrationFileError(
            f"a '--! no-transaction' migration must hold one statement; this one holds {count} "
            "(split it into several migrations)",
            path=path,
            line=line,
        )


@dataclass(frozen=True)
class SetPlan:
    """One migration set's part of a plan: its configuration, history, pending files and the
    repeatable files that changed."""

    config: Config
    applied: list[AppliedMigration]
    pending: list[CommittedMigration]
    repeatables: repeatable.RepeatableChanges = field(
        default_factory=lambda: repeatable.RepeatableChanges([], [])
    )

    def label(self, migration: CommittedMigration | repeatable.RepeatableFile) -> str:
        """A file as people see it: `000002.sql` in the main set, `seed/000002.sql` in others,
        `repeatable/views.sql` for a repeatable file."""
        if isinstance(migration, repeatable.RepeatableFile):
            name = f"{repeatable.FOLDER}/{migration.name}"
        else:
            name = migration.real_filename
        return name if self.config.current_set == MAIN_SET else f"{self.config.current_set}/{name}"

    def work(self) -> list[CommittedMigration | repeatable.RepeatableFile]:
        """Everything to run, in order: `before/` files, committed migrations, the others."""
        return [*self.repeatables.before, *self.pending, *self.repeatables.after]


class MigrationPlan:
    """What `migrate` would apply to one database, read under that database's advisory lock.

    Made by `plan_migrations`; nothing has been written when a plan exists, and nothing can
    change the plan while it is open (the lock is held), so what a command shows is what
    `apply` runs. A project with migration sets has one `SetPlan` per set, in the order they
    apply.
    """

    def __init__(
        self,
        config: Config,
        session: Session,
        sets: list[SetPlan],
        *,
        locked: bool = True,
        schema_file: bool = False,
    ) -> None:
        self.config = config
        self.session = session
        self.sets = sets
        self.locked = locked
        self.schema_file = schema_file  # `apply` writes the schema file (schemafile.py)

    @property
    def database(self) -> str:
        return self.session.conn.info.dbname

    @property
    def pending(self) -> list[CommittedMigration]:
        return [m for step in self.sets for m in step.pending]

    @property
    def pending_names(self) -> list[str]:
        """Every file the plan would run (committed and repeatable), as people see them."""
        return [step.label(m) for step in self.sets for m in step.work()]

    def preview(self) -> MigrateResult:
        """The plan as a result that applied nothing (for `--dry-run`)."""
        return MigrateResult(
            self.database, self.session.shadow, pending=self.pending_names, dry_run=True
        )

    def apply(
        self,
        *,
        force_actions: bool = False,
        on_applied: Callable[[str], None] | None = None,
        before_each: BeforeEach | None = None,
        on_lock_retry: Callable[[LockRetry], None] | None = None,
    ) -> MigrateResult:
        """Install the library when it changed, run the hooks and apply every pending file,
        set after set (the hooks run once, around all of them).

        `on_applied` is called with each file name as soon as it is committed (for progress);
        `before_each` with the session and each committed file just before it is applied (the
        linter measures the file there, in a transaction it rolls back); `on_lock_retry`
        with each retry after a lock timeout (see `apply_migration`).
        """
        if not self.locked:
            raise UsageError("a plan made without the advisory lock is a preview: it cannot apply")
        config, session = self.config, self.session
        conn = session.conn
        library_changed = install_library(config, conn)
        for step in self.sets:
            if not step.applied:  # perhaps no history tables yet
                history.ensure_history(
                    conn, step.config.history_schema, manage=step.config.manage_history_schema
                )
        run_actions = bool(self.pending_names) or force_actions
        if run_actions:
            run_hooks(config, "before_all_migrations", session.hook_target, conn)
        done: list[str] = []
        for step in self.sets:
            schema = step.config.history_schema
            repeatable.forget(conn, schema, step.repeatables.deleted)
            for item in step.work():
                if isinstance(item, repeatable.RepeatableFile):
                    repeatable.run_repeatable(conn, schema, item, session.placeholders)
                else:
                    if before_each is not None:
                        before_each(session, item)
                    apply_migration(step.config, session, item, on_lock_retry=on_lock_retry)
                done.append(step.label(item))
                if on_applied:
                    on_applied(done[-1])
        if run_actions:
            run_hooks(config, "after_all_migrations", session.hook_target, conn)
        return MigrateResult(
            self.database,
            session.shadow,
            done,
            library_changed=library_changed,
            schema_file=self._write_schema_file(),
        )

    def _write_schema_file(self) -> SchemaFileResult | None:
        """The schema file, when the configuration keeps one of this database; still under
        the lock, so it shows the schema the migrations left."""
        if not self.schema_file:
            return None
        return write_schema_file(self.config, self.session.conn, root_url=self.session.root_url)


@contextmanager
def plan_migrations(
    config: Config,
    target: Target,
    *,
    shadow: bool = False,
    wait_lock: float = 0,
    lock: bool = True,
) -> Iterator[MigrationPlan]:
    """Open the target database, take its advisory lock and work out what `migrate` would do,
    for every migration set the environment uses.

    Every file is parsed, chained and hashed first; nothing runs when one is wrong. The lock is
    held until the `with` block ends, so a plan shown to a person is the plan applied
    (`lock=False`: a preview only, as `--dry-run` and `status` are, which a running migrate must
    not block; such a plan cannot be applied):

        with plan_migrations(config, target) as plan:
            if ask(plan.pending_names):
                plan.apply()
    """
    chains = []
    for set_config in config.set_configs():
        files = read_committed(set_config.migrations_dir)
        for migration in files:
            check_runnable(migration)
        chains.append((set_config, files, repeatable.read_repeatable(set_config)))
    url = target.url(shadow=shadow)
    with (
        open_session(config, url, shadow=shadow, root_url=target.root) as session,
        advisory_lock(session.conn, wait_seconds=wait_lock) if lock else nullcontext(),
    ):
        steps = []
        for set_config, files, sources in chains:
            schema = set_config.history_schema
            applied = history.read_applied(session.conn, schema, create=False)
            if not applied and set_config.current_set == MAIN_SET:
                # before pgshift's history starts: never over another tool's
                refuse_foreign_history(session.conn, schema)
            pending = pending_migrations(files, applied, folder=set_config.migrations_dir)
            changed = repeatable.RepeatableChanges([], [])
            if sources or (set_config.migrations_dir / repeatable.FOLDER).is_dir():
                recorded = repeatable.read_recorded(session.conn, schema)
                changed = repeatable.changes(sources, recorded)
            steps.append(SetPlan(set_config, applied, pending, changed))
        keeps = not shadow and keeps_schema_file(config, target)
        yield MigrationPlan(config, session, steps, locked=lock, schema_file=keeps)


def migrate(
    config: Config,
    target: Target,
    *,
    shadow: bool = False,
    force_actions: bool = False,
    wait_lock: float = 0,
    on_applied: Callable[[str], None] | None = None,
    before_each: BeforeEach | None = None,
) -> MigrateResult:
    """Apply every committed migration the database has not run, each in its own transaction.

    The same as `plan_migrations(...)` followed by `plan.apply(...)`.
    """
    with plan_migrations(config, target, shadow=shadow, wait_lock=wait_lock) as plan:
        return plan.apply(
            force_actions=force_actions, on_applied=on_applied, before_each=before_each
        )


def install_library(config: Config, conn: psycopg.Connection[Any]) -> bool:
    """Install or upgrade pgshift_utils (a no-op when it is current)."""
    if not config.library_install:
        return False
    from ..library.install import install_runtime

    return install_runtime(conn, multitenancy=config.library_multitenancy)


def apply_migration(
    config: Config,
    session: Session,
    migration: CommittedMigration,
    *,
    on_lock_retry: Callable[[LockRetry], None] | None = None,
) -> None:
    """Run one committed migration and record it; both commit together (or neither does).

    The transaction is explicit, as graphile-migrate opens it: a BEGIN in the body is then only
    the server's warning and SAVEPOINTs work (in an implicit transaction a BEGIN would turn
    everything after it, history row included, into a transaction nobody commits). BEGIN, body,
    history row and COMMIT go in one query, one round trip; the BEGIN has no line of its own,
    so the server's error positions are on the file's lines (`offset` takes the characters
    back). A body that COMMITs or ROLLs BACK itself ends that transaction early, as it would
    under graphile-migrate: it is then not all-or-nothing.

    With a lock timeout configured (`lock_timeout`, `migrate --lock-timeout`), the transaction
    starts with SET LOCAL lock_timeout (a `--! no-transaction` migration: SET, put back after);
    a lock not granted in time rolls the migration back and it is tried again after a growing,
    jittered pause, at most `lock_retries` times, then `LockTimeoutError` names the session in
    its way (lockwait.py). `on_lock_retry` hears of each retry.
    """
    if config.lock_timeout_ms is None:
        _apply_once(config, session, migration, lock_timeout_ms=None)
        return
    from .lockwait import apply_with_retries, lock_policy  # only with a lock timeout

    policy = lock_policy(config)
    assert policy is not None
    timeout = policy.timeout_ms
    apply_with_retries(
        policy,
        conn=session.conn,
        url=session.url,
        path=migration.path,
        attempt=lambda: _apply_once(config, session, migration, lock_timeout_ms=timeout),
        no_transaction=is_no_transaction(migration.body),
        on_retry=on_lock_retry,
    )


def _apply_once(
    config: Config,
    session: Session,
    migration: CommittedMigration,
    *,
    lock_timeout_ms: int | None,
) -> None:
    body = replace_placeholders(migration.body, session.placeholders)
    conn = session.conn
    record = sql.SQL(
        "insert into {}.migrations (hash, previous_hash, filename) values ({})"
    ).format(
        sql.Identifier(config.history_schema),
        sql.SQL(", ").join(
            sql.Literal(v) for v in (migration.hash, migration.previous_hash, migration.filename)
        ),
    )
    no_transaction = is_no_transaction(body)
    begin = _BEGIN
    scope: AbstractContextManager[None] = nullcontext()
    if lock_timeout_ms is not None:
        from .lockwait import lock_setting, session_lock_timeout

        begin += lock_setting(conn, lock_timeout_ms)
        scope = session_lock_timeout(conn, lock_timeout_ms)
    try:
        if no_transaction:
            with scope:
                conn.execute(body)
            conn.execute(record)
        else:
            conn.execute(begin + body + "\n;\n" + record.as_string(conn) + ";\ncommit")
    except psycopg.Error as exc:
        if conn.info.transaction_status in _OPEN:
            conn.rollback()  # the failed statement left the BEGIN's transaction open
        if lock_timeout_ms is not None:
            from .lockwait import LOCK_NOT_AVAILABLE, LockNotGranted

            if exc.sqlstate == LOCK_NOT_AVAILABLE:  # rolled back: apply_with_retries tries again
                raise LockNotGranted(exc) from exc
        raise located_error(
            conn,
            exc,
            body,
            path=migration.path,
            first_line=migration.body_line,
            rerun=not no_transaction,
            offset=0 if no_transaction else len(begin),
            source=(migration.body, session.placeholders),
        ) from exc


# Opens a migration's transaction in the same query as its body (see apply_migration).
_BEGIN = "begin;"
_OPEN = (pq.TransactionStatus.INTRANS, pq.TransactionStatus.INERROR)


# --- current migration ------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentResult:
    path: Path
    ran: bool  # False: unchanged since the last run (or blank)
    blank: bool
    milliseconds: float


def compile_current(config: Config) -> tuple[Current, str]:
    """The current migration and its text with includes expanded (placeholders not yet)."""
    current, text, _ = compile_current_located(config)
    return current, text


def compile_current_located(config: Config) -> tuple[Current, str, Locator]:
    """`compile_current`, and where each line of the text came from: current.sql, a file of
    the current/ folder, or an included fixture."""
    current = read_current(config.migrations_dir)
    text, origin_of = expand_includes_located(
        current.text, config.migrations_dir, origin=current.path
    )

    def locate(line: int) -> tuple[Path, int]:
        path, number = origin_of(line)
        return current.locate(number) if path == current.path else (path, number)

    return current, text, locate


def run_current(config: Config, session: Session) -> CurrentResult:
    """Run the current migration when it changed since its last run (compared without comments).

    Runs in one transaction with the bookkeeping, so a failure leaves the database as it was.
    """
    started = time.perf_counter()
    current, text, locate = compile_current_located(config)
    compiled = replace_placeholders(text, session.placeholders)
    conn = session.conn
    schema = config.history_schema
    if not history.read_applied(conn, schema, create=False):
        # First use: the history tables are created here, never over another tool's history.
        refuse_foreign_history(conn, schema)
        history.ensure_history(conn, schema, manage=config.manage_history_schema)
    # The marker stands on the body's first line, after any header block (docs/formats.md).
    no_transaction = is_no_transaction(
        parse_migration_text(compiled, current.path, strict=False).body
    )
    # A before_current hook ran in the failed transaction: a re-run without it could blame a
    # statement that works, so with such hooks the error is not located by re-running.
    rerun = not no_transaction and not config.hook("before_current")
    failures = _locating_failures(
        conn, compiled, current.path, locate, rerun, (text, session.placeholders)
    )
    with advisory_lock(conn), failures:
        with conn.transaction():
            previous = history.read_current_content(conn, schema, lock=True)
            # The same bytes need no lexing (a 50,000-line file takes a second to fingerprint).
            identical = previous == compiled
            unchanged = identical or (
                previous is not None and fingerprint(previous) == fingerprint(compiled)
            )
            blank = is_blank(compiled)
            if unchanged or (blank and previous is None):
                if not identical:
                    history.save_current_content(conn, schema, compiled)
                return CurrentResult(current.path, False, blank, _ms(started))
            run_hooks(config, "before_current", session.hook_target, conn)
            history.clear_current_content(conn, schema)
            if not blank and not no_transaction:
                _execute_current(conn, compiled)
            if not no_transaction:
                history.save_current_content(conn, schema, compiled)
        if no_transaction and not blank:
            _execute_current(conn, compiled)
            history.save_current_content(conn, schema, compiled)
    run_hooks(config, "after_current", session.hook_target, conn)
    return CurrentResult(current.path, True, blank, _ms(started))


def _execute_current(conn: psycopg.Connection[Any], compiled: str) -> None:
    try:
        conn.execute(compiled)
    except psycopg.Error as exc:
        raise _CurrentFailed(exc) from exc


class _CurrentFailed(Exception):
    """The current migration failed inside the bookkeeping transaction; located once it is
    rolled back (the failing statement can only be found by running it again)."""

    def __init__(self, error: psycopg.Error) -> None:
        self.error = error


@contextmanager
def _locating_failures(
    conn: psycopg.Connection[Any],
    compiled: str,
    path: Path,
    locate: Locator,
    rerun: bool,
    source: tuple[str, Mapping[str, str]],
) -> Iterator[None]:
    try:
        yield
    except _CurrentFailed as failed:
        raise located_error(
            conn,
            failed.error,
            compiled,
            path=path,
            locate=locate,
            rerun=rerun,
            source=source,
        ) from failed.error


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


# --- reset ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResetResult:
    database: str
    shadow: bool
    ended_sessions: int
    migrate: MigrateResult


def reset(
    config: Config,
    target: Target,
    *,
    shadow: bool = False,
    force: bool = False,
    before_each: BeforeEach | None = None,
) -> ResetResult:
    """Drop and re-create the database, then migrate. `force` ends other sessions first;
    `before_each` is passed to `MigrationPlan.apply`."""
    url = target.url(shadow=shadow)
    name = database_name(url)
    root_url = target.root
    if root_url is None or database_name(root_url) == name:
        raise UsageError(
            f"reset needs a connection to another database than {name!r} to drop it from; "
            "set ROOT_DATABASE_URL"
        )
    owner = config.database_owner or dsn_params(url).get("user")
    hook_target = HookTarget(
        url, name, shadow, _placeholders_for(config, name, owner or ""), root_url
    )
    protect = target.main if shadow else None
    run_hooks(config, "before_reset", hook_target)
    ended = recreate_database(root_url, name, owner=owner, force=force, protect=protect)
    run_hooks(config, "after_reset", hook_target)
    result = migrate(config, target, shadow=shadow, before_each=before_each)
    return ResetResult(name, shadow, ended, result)


def _refuse_if_same(root: psycopg.Connection[Any], protect: str, name: str) -> None:
    try:
        guard = connect(protect)
    except PgshiftError:
        return  # not reachable: whatever `name` is, it is not that database on this server
    with guard:
        pid = guard.info.backend_pid
        same = root.execute(
            "select 1 from pg_stat_activity where pid = %s and datname = %s", [pid, name]
        ).fetchone()
    if same:
        raise PgshiftError(
            f"the shadow database {name!r} is the main database (the same server and name); "
            "refusing to drop it: set shadow_database_url to another database"
        )


def _placeholders_for(config: Config, name: str, owner: str) -> dict[str, str]:
    return placeholder_values(config.placeholders, database_name=name, database_owner=owner)


def recreate_database(
    root_url: str, name: str, *, owner: str | None, force: bool, protect: str | None = None
) -> int:
    """DROP and CREATE database `name` from the maintenance connection; returns sessions ended.

    `protect`: a database that must not be the one dropped (the main database, when `name` is
    the shadow): refused when a session opened on it shows up on this server under `name`,
    however the two connection strings spell host and port.
    """
    with connect(root_url) as root:
        if protect is not None:
            _refuse_if_same(root, protect, name)
        others = root.execute(
            "select count(*) from pg_stat_activity where datname = %s and pid <> pg_backend_pid()",
            [name],
        ).fetchone()
        count = int(others[0]) if others else 0
        if count and not force:
            raise PgshiftError(
                f"{count} other session(s) are connected to {name!r}; close them, "
                "or pass --force to end them"
            )
        db = sql.Identifier(name)
        drop = "drop database if exists {} with (force)" if force else "drop database if exists {}"
        try:
            root.execute(sql.SQL(drop).format(db))
            owner_sql = sql.SQL(" owner {}").format(sql.Identifier(owner)) if owner else sql.SQL("")
            root.execute(sql.SQL("create database {}{}").format(db, owner_sql))
            root.execute(sql.SQL("revoke all on database {} from public").format(db))
        except psycopg.Error as exc:
            raise PgshiftError(f"could not re-create database {name!r}: {exc}".strip()) from exc
        return count if force else 0
