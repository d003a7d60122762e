"""The end-to-end example in examples/tasks: migrate a fresh database with it and run its demo."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from pgshift.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "tasks"


@pytest.fixture
def app_role(database):
    role = f"pgshift_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(sql.SQL("create role {}").format(sql.Identifier(role)))
    yield role
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(sql.SQL("drop owned by {}").format(sql.Identifier(role)))
        conn.execute(sql.SQL("drop role {}").format(sql.Identifier(role)))


def test_example_migrates_and_its_demo_runs(
    tmp_path, database, shadow_database, app_role, monkeypatch
):
    folder = tmp_path / "tasks"
    shutil.copytree(EXAMPLE, folder)
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv("SHADOW_DATABASE_URL", shadow_database)
    monkeypatch.setenv("APP_ROLE", app_role)
    monkeypatch.delenv("ROOT_DATABASE_URL", raising=False)
    monkeypatch.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    assert main(["migrate"], out, err) == 0, err.getvalue()

    spec = importlib.util.spec_from_file_location("tasks_demo", folder / "demo.py")
    assert spec and spec.loader
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    assert demo.run(database, role=app_role) == [
        "alice created a task owned by alice, status todo",
        "notified on app.tasks: insert of that task",
        "bob sees projects ['Launch'] and 0 tasks",
        "project updated_at moved forward: True",
        "bob may not create projects: 42501",
        "empty name refused: PSV01 a project needs a name",
        "anonymous sees 0 tasks",
    ]
    # The README shows the same output.
    readme = (EXAMPLE / "README.md").read_text()
    assert "alice created a task owned by alice, status todo\n" in readme
    assert not os.path.exists(folder / ".pgshift")  # the configured database was used
