"""`lint_migrations`: judge each statement of the migrations about to run (docs/safety.md).

The text is read with PostgreSQL's parser (checks.py); then, unless told not to, the shadow
database is reset and migrated as `commit` prepares it, and each migration to judge is run
statement by statement in a transaction that is rolled back (measure.py), in its place: a
pending committed file just before the migration applies it, the current migration (or another
file) once every committed file has run. Where the main database is reachable, each locked
table's size and live rows come from its statistics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import ConnectionFailedError, DatabaseError
from ..migrations.errorpos import database_error
from ..migrations.files import CommittedMigration, committed_dir, read_committed, read_text
from ..migrations.headers import parse_migration_text
from ..migrations.runner import Session, compile_current_located, open_session, plan_migrations
from ..migrations.sqlscan import is_blank
from ..targets import Target
from .candidates import Candidate
from .checks import check_statements
from .judging import judge, with_sizes
from .measure import Measurement, measure_statements, read_sizes
from .model import Finding, LintResult
from .statements import Source, Split, split_statements

_BUILTIN_PLACEHOLDERS = (":DATABASE_NAME", ":DATABASE_OWNER")


@dataclass
class _Prepared:
    """A source read and checked: its statements and what their text suggests."""

    source: Source
    split: Split
    candidates: list[Candidate]
    measurement: Measurement | None = None


def lint_migrations(
    config: Config,
    target: Target,
    files: Sequence[Path] = (),
    *,
    static: bool = False,
) -> LintResult:
    """Judge each statement of `files` (default: the pending committed migrations of every
    migration set, then the current migration) and return the findings in file order.

    Unless `static`, the shadow database is reset and migrated as `commit` does it (it needs
    one: without, the judgement is static and a note says so) and the migrations are measured
    there. A migration that fails on the shadow database raises `DatabaseError` at its line.

        result = lint_migrations(config, target)
        for finding in result.at_least("warning"):
            print(finding.path, finding.line, finding.rule, finding.message)
    """
    notes: list[str] = []
    sources = _named(config, files) if files else _pending_and_current(config, target, notes)
    lint = ShadowLint(config, sources)
    measured = not static and target.shadow is not None
    if measured:
        from ..migrations.runner import reset

        reset(config, target, shadow=True, before_each=lint.before_each)
        lint.measure_rest(config, target)
    elif not static:
        notes.append("no shadow database is configured: judged from the SQL text alone")
    return lint.result(target.main, measured=measured, notes=notes)


class ShadowLint:
    """Migrations read and checked, measured on the shadow database while it is migrated.

    Pass `before_each` to `migrate` or `reset`: each migration whose file is one of the
    sources is run, statement by statement, in a rolled-back transaction just before it is
    applied. `measure_rest` then measures the sources that are not committed files, on the
    migrated shadow database. A committed file that fails while measured is not reported here:
    applying it fails the same way, and says so.
    """

    def __init__(self, config: Config, sources: Sequence[Source]) -> None:
        names = [*config.placeholders, *_BUILTIN_PLACEHOLDERS]
        self.items = []
        for source in sources:
            split = split_statements(source, placeholders=names)
            checks = check_statements(split.statements, no_transaction=source.no_transaction)
            self.items.append(_Prepared(source, split, checks))
        self._by_path = {item.source.path.resolve(): item for item in self.items}

    def before_each(self, session: Session, migration: CommittedMigration) -> None:
        item = self._by_path.get(migration.path.resolve())
        if item is not None and not item.source.no_transaction:
            item.measurement = measure_statements(
                session.conn, item.split.statements, placeholders=session.placeholders
            )

    def measure_rest(self, config: Config, target: Target) -> None:
        """Measure, on the migrated shadow database, the sources not measured yet."""
        rest = [
            item
            for item in self.items
            if item.measurement is None
            and item.source.migration is None
            and not item.source.no_transaction
        ]
        if not rest:
            return
        url = target.url(shadow=True)
        with open_session(config, url, shadow=True, root_url=target.root) as session:
            for item in rest:
                item.measurement = measure_statements(
                    session.conn, item.split.statements, placeholders=session.placeholders
                )
                if item.measurement.failure is not None:
                    raise _failed(item)

    def result(self, main_url: str | None, *, measured: bool, notes: Sequence[str]) -> LintResult:
        """The findings, with table sizes from `main_url` when it is reachable."""
        notes = list(notes)
        findings: list[Finding] = []
        for item in self.items:
            locks = item.measurement.locks if item.measurement is not None else None
            if measured and item.source.no_transaction:
                notes.append(
                    f"{item.source.path.name}: '--! no-transaction' runs outside a "
                    "transaction, so it was judged from its text"
                )
            findings += judge(item.split, item.candidates, locks)
        findings = add_sizes(findings, main_url, notes)
        return LintResult(
            findings=tuple(findings),
            files=tuple(item.source.path for item in self.items),
            statements=sum(len(item.split.statements) for item in self.items),
            measured=measured,
            notes=tuple(notes),
        )


# --- what to lint -------------------------------------------------------------------------------


def _pending_and_current(config: Config, target: Target, notes: list[str]) -> list[Source]:
    """The pending committed migrations (as the main database's history says) and the current
    migration when it holds anything."""
    sources = []
    try:
        with plan_migrations(config, target, lock=False) as plan:
            sources = [committed_source(m) for m in plan.pending]
    except ConnectionFailedError as exc:
        notes.append(f"the main database is not reachable, so no committed file was judged ({exc})")
    current = current_source(config)
    if current is not None:
        sources.append(current)
    return sources


def committed_source(migration: CommittedMigration) -> Source:
    return Source(migration.path, migration.body, migration.body_line, migration=migration)


def current_source(config: Config) -> Source | None:
    """The current migration of `config`'s set (None when blank), lines as on disk."""
    current, text, locate = compile_current_located(config)
    parsed = parse_migration_text(text, current.path, strict=False)
    if is_blank(parsed.body):
        return None
    first = parsed.body_line
    return Source(current.path, parsed.body, first, locate=lambda line: locate(line + first - 1))


def _named(config: Config, files: Sequence[Path]) -> list[Source]:
    """The sources for files named on the command line: a committed file of any set is judged
    in its place in the chain, current.sql (or a file of current/) as the whole current
    migration, any other file on its own after every committed migration."""
    committed: list[Source] = []
    others: list[Source] = []
    seen: set[Path] = set()
    for given in files:
        path = given.resolve()
        source = _committed_named(config, path) or _current_named(config, path)
        if source is None:
            parsed = parse_migration_text(read_text(path), path, strict=False)
            source = Source(given, parsed.body, parsed.body_line)
        if source.path.resolve() in seen:
            continue
        seen.add(source.path.resolve())
        (committed if source.migration is not None else others).append(source)
    order = {id(s): (s.migration.path.parent, s.migration.number) for s in committed if s.migration}
    return sorted(committed, key=lambda s: order[id(s)]) + others


def _committed_named(config: Config, path: Path) -> Source | None:
    for set_config in config.set_configs():
        folder = committed_dir(set_config.migrations_dir)
        if path.parent == folder.resolve():
            for migration in read_committed(set_config.migrations_dir):
                if migration.path.resolve() == path:
                    return committed_source(migration)
    return None


def _current_named(config: Config, path: Path) -> Source | None:
    for set_config in config.set_configs():
        folder = set_config.migrations_dir.resolve()
        if path == folder / "current.sql" or path.is_relative_to(folder / "current"):
            return current_source(set_config)
    return None


# --- measuring ----------------------------------------------------------------------------------


def _failed(item: _Prepared) -> DatabaseError:
    """The statement that failed on the shadow database, said of its file and line."""
    assert item.measurement is not None and item.measurement.failure is not None
    statement, exc = item.measurement.failure
    source = item.source
    return database_error(
        exc,
        source.text,
        path=source.path,
        first_line=source.first_line,
        locate=source.locate,
        position=statement.start + 1,
        offset=-statement.start,
    )


def add_sizes(findings: list[Finding], main_url: str | None, notes: list[str]) -> list[Finding]:
    """Each locked relation's size and live rows from the main database, when reachable."""
    names = sorted({lock.relation for f in findings for lock in f.locks})
    if not names or main_url is None:
        return findings
    from ..db import connect

    try:
        with connect(main_url) as conn:
            sizes = read_sizes(conn, names)
    except ConnectionFailedError:
        notes.append("the main database is not reachable: table sizes are not shown")
        return findings
    return [with_sizes(f, sizes) for f in findings]
