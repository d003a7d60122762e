"""What the template's fingerprint covers (no database)."""

from __future__ import annotations

from pathlib import Path

from migrations.helpers import write_history
from pgshift.config import load_config
from pgshift.testing.templates import compute_fingerprint, project_key, template_name

ENV = {"DATABASE_URL": "postgresql:///main", "SHADOW_DATABASE_URL": "postgresql:///shadow"}


def project(tmp_path: Path, settings: str = "") -> Path:
    (tmp_path / "pgshift.toml").write_text(settings)
    write_history(tmp_path / "migrations", ["create table items (id int);\n"])
    return tmp_path


def fingerprint(root: Path) -> str:
    return compute_fingerprint(load_config(root, env=ENV))


def test_a_changed_or_added_migration_changes_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = fingerprint(root)
    assert fingerprint(root) == before
    write_history(root / "migrations", ["create table items (id int);\n", "select 1;\n"])
    assert fingerprint(root) != before


def test_repeatable_and_hook_files_change_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = fingerprint(root)
    (root / "migrations" / "repeatable").mkdir()
    (root / "migrations" / "repeatable" / "views.sql").write_text("select 1;\n")
    assert fingerprint(root) != before


def test_the_current_migration_does_not(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = fingerprint(root)
    (root / "migrations" / "current.sql").write_text("create table wip (id int);\n")
    (root / "migrations" / "current").mkdir()
    (root / "migrations" / "current" / "1-part.sql").write_text("select 1;\n")
    assert fingerprint(root) == before


def test_settings_that_change_what_migrate_does_change_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = fingerprint(root)
    (root / "pgshift.toml").write_text('[placeholders]\n":APP_ROLE" = "app"\n')
    with_placeholder = fingerprint(root)
    (root / "pgshift.toml").write_text("[library]\ninstall = false\n")
    assert len({before, with_placeholder, fingerprint(root)}) == 3


def test_the_urls_do_not(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = fingerprint(root)
    other = {"DATABASE_URL": "postgresql:///elsewhere", "SHADOW_DATABASE_URL": "postgresql:///s"}
    assert compute_fingerprint(load_config(root, env=other)) == before


def test_the_template_is_named_for_the_project_and_fingerprint(tmp_path: Path) -> None:
    config = load_config(project(tmp_path), env=ENV)
    name = template_name(config, "ab" * 32)
    assert name == f"pgshift_tpl_{project_key(tmp_path)}_{'ab' * 6}"
    assert len(name) <= 63
