"""`pgshift library define-migration`."""

from __future__ import annotations

import json

import psycopg

from pgshift.library.install import define_migration_sql, install_runtime


def test_writes_the_define_migration_which_runs(project):
    result = project.run("library", "define-migration")
    assert result.code == 0, result.err
    path = project.migrations / "current.sql"
    assert result.out == f"wrote pgshift_define to {path}; review it, then `pgshift commit`\n"
    text = path.read_text()
    assert text == define_migration_sql(multitenancy=False)
    with psycopg.connect(project.database_url, autocommit=True) as conn:
        install_runtime(conn)
        conn.execute(text.encode())
        assert conn.execute("select to_regproc('pgshift_define.define_index')").fetchone()[0]
        assert conn.execute(
            "select to_regproc('pgshift_define.define_tenant_relation')"
        ).fetchone() == (None,)


def test_multitenancy_from_flag_or_config(project):
    (project.migrations / "current.sql").write_text("-- nothing yet\n/* still nothing */\n")
    result = project.run("library", "define-migration", "-m", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["multitenancy"] is True
    assert "define_tenant_relation" in (project.migrations / "current.sql").read_text()

    (project.migrations / "current.sql").write_text("")
    config = project.root / "pgshift.toml"
    config.write_text(
        config.read_text().replace("install = false", "install = false\nmultitenancy = true")
    )
    assert project.run("library", "define-migration").code == 0
    assert "define_tenant_relation" in (project.migrations / "current.sql").read_text()


def test_refuses_a_current_migration_with_content(project):
    path = project.write(
        "migrations/current.sql", "-- work in progress\ncreate table t (id int);\n"
    )
    result = project.run("library", "define-migration")
    assert result.code == 65
    assert result.err == (
        f"pgshift: error: {path} is not blank: commit it first (pgshift commit), then run"
        " `pgshift library define-migration` again\n"
    )
    assert path.read_text() == "-- work in progress\ncreate table t (id int);\n"
