"""pgshift and graphile-migrate 1.4.1 read and write the same history.

Golden files in committed/ were made by the real graphile-migrate (tools/graphile_goldens.py);
the tests marked `node` drive it live and are skipped only where node/npm are missing.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]
from cases import CASES, PLACEHOLDERS  # noqa: E402

from graphile import GraphileMigrate, require  # noqa: E402


def _use_placeholders(project):
    with (project.root / "pgshift.toml").open("a") as f:
        f.write("\n[placeholders]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in PLACEHOLDERS.items()))


def _commit_cases_with_pgshift(project):
    for text, message in CASES:
        (project.migrations / "current.sql").write_text(text)
        result = project.run("commit", *(["-m", message] if message else []))
        assert result.code == 0, result.err


def test_pgshift_commits_byte_identical_files(project):
    _use_placeholders(project)
    _commit_cases_with_pgshift(project)
    ours = sorted((project.migrations / "committed").iterdir())
    theirs = sorted((HERE / "committed").iterdir())
    assert [p.name for p in ours] == [p.name for p in theirs]
    for mine, golden in zip(ours, theirs, strict=True):
        assert mine.read_bytes() == golden.read_bytes(), mine.name
    assert (project.migrations / "current.sql").read_text() == "-- Enter migration here\n"
    assert oct(ours[0].stat().st_mode & 0o777) == "0o440"


def test_pgshift_applies_history_committed_by_graphile_migrate(project):
    _use_placeholders(project)
    shutil.copytree(HERE / "committed", project.migrations / "committed", dirs_exist_ok=True)
    result = project.run("migrate")
    assert result.code == 0, result.err
    assert project.query("select id from a") == [(42,)]
    rows = project.query(
        "select filename, previous_hash is null from pgshift.migrations order by 1"
    )
    assert rows == [(f"00000{i}.sql", i == 1) for i in range(1, 6)]


@pytest.fixture(scope="module")
def graphile_binary():
    return require()


def _graphile(project, binary, pg):
    return GraphileMigrate(
        binary,
        project.root,
        database_url=project.database_url,
        shadow_url=project.shadow_database_url,
        root_url=pg.dsn("postgres"),
        placeholders=PLACEHOLDERS,
    )


def test_graphile_migrate_applies_history_committed_by_pgshift(project, pg, graphile_binary):
    _use_placeholders(project)
    _commit_cases_with_pgshift(project)
    gm = _graphile(project, graphile_binary, pg)
    gm.run("reset", "--erase")
    assert project.query("select id from a") == [(42,)]
    assert len(project.query("select * from graphile_migrate.migrations")) == 5


def test_same_current_sql_gives_identical_commits_live(project, pg, graphile_binary, tmp_path):
    _use_placeholders(project)
    gm = _graphile(project, graphile_binary, pg)
    text = "--! Message: live check\n\ncreate table if not exists live (x int);\n"
    (project.migrations / "current.sql").write_text(text)
    gm.run("commit")
    theirs = next((project.migrations / "committed").iterdir())
    golden = theirs.read_bytes()
    theirs.chmod(0o644)
    theirs.unlink()
    # graphile-migrate's history would make pgshift refuse the database (the adoption guard).
    project.query("drop schema graphile_migrate cascade")
    (project.migrations / "current.sql").write_text(text)
    result = project.run("commit")
    assert result.code == 0, result.err
    ours = next((project.migrations / "committed").iterdir())
    assert ours.name == theirs.name
    assert ours.read_bytes() == golden


def test_pgshift_continues_a_graphile_migrate_database(project, pg, graphile_binary):
    _use_placeholders(project)
    shutil.copytree(HERE / "committed", project.migrations / "committed", dirs_exist_ok=True)
    extra = sorted((project.migrations / "committed").iterdir())[-1]
    extra.rename(project.root / "held-back.sql")
    gm = _graphile(project, graphile_binary, pg)
    gm.run("migrate")
    (project.root / "held-back.sql").rename(extra)
    with (project.root / "pgshift.toml").open("a") as f:
        f.write('history_schema = "graphile_migrate"\n')
    # TOML keys after a table header belong to it: rewrite the file cleanly instead.
    text = (
        (project.root / "pgshift.toml")
        .read_text()
        .replace('history_schema = "graphile_migrate"\n', "")
    )
    (project.root / "pgshift.toml").write_text('history_schema = "graphile_migrate"\n' + text)
    result = project.run("migrate")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == f"applied {extra.name}"
    assert len(project.query("select * from graphile_migrate.migrations")) == 5
    assert project.query("select to_regnamespace('pgshift') is null") == [(True,)]
    assert gm.run("status", check=False).returncode == 0


def test_graphile_migrate_builds_a_new_database_from_a_squash(project, pg, graphile_binary):
    from migrations.helpers import write_history

    write_history(
        project.migrations,
        ["create table a (id int);", "insert into a values (42);", "create table c (id int);"],
    )
    assert project.run("squash", "--through", "2").code == 0
    gm = GraphileMigrate(
        graphile_binary,
        project.root,
        database_url=project.database_url,
        shadow_url=project.shadow_database_url,
        root_url=pg.dsn("postgres"),
    )
    gm.run("migrate")  # reads AllowInvalidHash and ignores Squashes, as pgshift writes them
    assert project.query("select id from a") == [(42,)]
    assert [
        r[0] for r in project.query("select filename from graphile_migrate.migrations order by 1")
    ] == [
        "000002.sql",
        "000003.sql",
    ]
