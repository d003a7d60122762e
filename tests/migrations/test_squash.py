"""squash --through N: one file for new databases; databases that applied the range go on."""

import psycopg

from migrations.helpers import write_history

BODIES = [
    "create table a (id int);",
    "create table b (id int);",
    "insert into a values (1);",
    "create table d (id int);",
]


def _history(url, schema="pgshift"):
    with psycopg.connect(url) as conn:
        return conn.execute(
            f"select filename, hash, previous_hash from {schema}.migrations order by filename"
        ).fetchall()


def test_new_databases_build_from_the_squash_and_old_ones_keep_working(project, pg):
    paths = write_history(project.migrations, BODIES)
    old = [p.read_text() for p in paths]
    assert project.run("migrate").code == 0  # this database applied 1..4 before the squash
    before = _history(project.database_url)
    result = project.run("squash", "--through", "3")
    assert result.code == 0, result.err
    assert result.out == "squashed 3 migrations into 000003-squash.sql\n"
    names = sorted(p.name for p in (project.migrations / "committed").iterdir())
    assert names == ["000003-squash.sql", "000004.sql"]
    squash = (project.migrations / "committed" / "000003-squash.sql").read_text()
    old_hash_3 = before[2][1]
    assert squash.startswith(
        f"--! Previous: -\n--! Hash: {old_hash_3}\n--! AllowInvalidHash\n"
        "--! Squashes: 000001.sql..000003.sql\n"
    )
    assert (project.migrations / "committed" / "000004.sql").read_text() == old[3]
    # the database that applied the range: nothing to do, and the chain verifies
    assert project.run("migrate").out.endswith(": up to date\n")
    assert project.run("verify").code == 0
    assert _history(project.database_url) == before
    # a new database: the squash then 000004, chained as before
    fresh = pg.create_database()
    try:
        toml = project.root / "pgshift.toml"
        toml.write_text(
            toml.read_text() + f'[environments.fresh]\ndatabase_url = "{pg.dsn(fresh)}"\n'
        )
        result = project.run("migrate", "--env", "fresh")
        assert result.code == 0, result.err
        assert _history(pg.dsn(fresh)) == [
            ("000003.sql", old_hash_3, None),
            ("000004.sql", before[3][1], old_hash_3),
        ]
        with psycopg.connect(pg.dsn(fresh)) as conn:
            assert conn.execute("select count(*) from a").fetchone() == (1,)
        assert project.run("verify", "--env", "fresh").code == 0
    finally:
        pg.drop_database(fresh)


def test_a_database_inside_the_squashed_range_is_refused(project):
    write_history(project.migrations, BODIES[:2])
    assert project.run("migrate").code == 0  # stopped at 000002
    write_history(project.migrations, BODIES)
    assert project.run("squash", "--through", "3").code == 0
    result = project.run("migrate")
    assert result.code == 65
    assert (
        "the database stopped at 000002.sql, inside the range 000001.sql to 000003.sql that "
        "000003-squash.sql replaced" in result.err
    )
    assert project.query("select count(*) from pgshift.migrations") == [(2,)]


def test_squash_refuses_what_it_cannot_do_and_leaves_the_files(project):
    paths = write_history(
        project.migrations, [BODIES[0], "--! no-transaction\nvacuum a;", BODIES[2]]
    )
    texts = [p.read_text() for p in paths]
    result = project.run("squash", "--through", "3")
    assert result.code == 65
    assert "a '--! no-transaction' migration cannot be squashed with others" in result.err
    assert project.run("squash", "--through", "9").code == 64
    assert [p.read_text() for p in paths] == texts
