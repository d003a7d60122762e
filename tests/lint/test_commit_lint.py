"""`commit` lints the new migration while it migrates the shadow database: findings on stderr
(lint_on_commit = "warn", the default), a refusal that commits nothing ("refuse"), or nothing
at all ("off")."""

from __future__ import annotations

from migrations.helpers import write_history

ORDERS = (
    "create table orders (id int primary key, status text);\ninsert into orders values (1, 'new');"
)


def _setup(project, setting: str | None = None):
    if setting is not None:
        toml = project.root / "pgshift.toml"
        toml.write_text(f'lint_on_commit = "{setting}"\n' + toml.read_text())
    write_history(project.migrations, [ORDERS])
    assert project.run("migrate").code == 0


def test_findings_are_shown_and_the_migration_committed(project):
    _setup(project)
    project.write(
        "migrations/current.sql",
        "--! Message: status index\n\ncreate table notes (id int);\ncreate index on notes (id);\n"
        "create index on orders (status);\n",
    )
    result = project.run("commit")
    assert result.code == 0, result.err
    assert result.out == "committed 000002-status-index.sql (" + result.out.split("(")[1]
    path = "migrations/committed/000002-status-index.sql"
    lines = result.err.splitlines()
    assert lines[0].startswith(f"{path}:7:1: warning [create-index] CREATE INDEX on orders")
    assert lines[1].startswith("    ShareLock on public.orders, ")
    assert lines[2] == (
        "pgshift: lint: 1 finding(s) in 000002-status-index.sql, committed anyway "
        '(lint_on_commit = "refuse" refuses them; docs/safety.md has the safe recipes)'
    )
    assert (project.root / path).read_text().splitlines()[6] == "create index on orders (status);"
    assert project.query("select count(*) from pgshift.migrations") == [(2,)]


def test_refuse_commits_nothing_and_points_into_current_sql(project):
    _setup(project, "refuse")
    current = "alter table orders add column note text;\nalter table orders alter column status set not null;\n"
    project.write("migrations/current.sql", current)
    result = project.run("commit")
    assert result.code == 65
    path = project.migrations / "current.sql"
    assert result.err.startswith(
        f"pgshift: error: {path}: the new migration has 1 lint finding(s) at warning or above "
        'and lint_on_commit = "refuse"; nothing was committed, current.sql is unchanged'
    )
    assert f"\n  {path}:2:1: error [set-not-null] SET NOT NULL on orders.status" in result.err
    assert sorted(p.name for p in (project.migrations / "committed").iterdir()) == ["000001.sql"]
    assert path.read_text() == current
    assert project.query(
        "select count(*) from information_schema.columns where column_name = 'note'"
    ) == [(0,)]


def test_an_ignore_with_a_reason_lets_a_refusing_commit_through(project):
    _setup(project, "refuse")
    project.write(
        "migrations/current.sql",
        "-- pgshift-lint: ignore set-not-null -- orders is a lookup table of 12 rows\n"
        "alter table orders alter column status set not null;\n",
    )
    result = project.run("commit")
    assert result.code == 0, result.err
    assert result.err == ""


def test_off_does_not_lint(project):
    _setup(project, "off")
    project.write("migrations/current.sql", "create index on orders (status);\n")
    result = project.run("commit")
    assert result.code == 0
    assert result.err == ""


def test_a_safe_migration_says_nothing(project):
    _setup(project)
    project.write(
        "migrations/current.sql",
        "alter table orders add column created timestamptz not null default now();\n",
    )
    result = project.run("commit")
    assert (result.code, result.err) == (0, "")
