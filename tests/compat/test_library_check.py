"""`pgshift library check`: the bundled library must deploy over its last release."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest

from pgshift.cli.main import main
from pgshift.compat.library import check_library, library_sql_folder


def _describe(result: Any) -> str:
    return "\n".join(f"{f.where}: [{f.rule}] {f.function}: {f.message}" for f in result.findings)


def test_bundled_library_deploys_over_its_last_release(pg: Any) -> None:
    result = check_library(admin_dsn=pg.dsn("postgres"))
    assert result.mode == "server"
    assert result.errors == [], _describe(result)


def test_bundled_library_passes_the_static_check() -> None:
    result = check_library(admin_dsn=None)
    assert result.errors == [], _describe(result)


def _old_copy_with_one_more_function(tmp_path: Path) -> Path:
    old = tmp_path / "old"
    if library_sql_folder().is_dir():
        shutil.copytree(library_sql_folder(), old)
    old.mkdir(exist_ok=True)
    (old / "zz_probe.sql").write_text(
        "create schema if not exists pgshift_compat_probe;\n"
        "create or replace function pgshift_compat_probe.gone(a integer) returns integer\n"
        "language sql as 'select a';\n"
    )
    return old


def test_against_a_folder_reports_a_function_the_library_lost(tmp_path: Path, pg: Any) -> None:
    old = _old_copy_with_one_more_function(tmp_path)
    result = check_library(admin_dsn=pg.dsn("postgres"), against=str(old))
    assert [(f.rule, f.function, f.where) for f in result.errors] == [
        ("removed", "pgshift_compat_probe.gone(integer)", f"{old}/zz_probe.sql:2 (old version)")
    ]


def test_command_exit_codes(tmp_path: Path, pg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "pgshift.toml").write_text(f'database_url = "{pg.dsn("postgres")}"\n')
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str]:
        out = io.StringIO()
        code = main(["library", "check", *args], out, io.StringIO())
        return code, out.getvalue()

    code, out = run()
    assert code == 0, out
    assert out.splitlines()[-1].startswith("compatible: pgshift/library/sql can be deployed over")
    old = _old_copy_with_one_more_function(tmp_path)
    code, out = run("--against", str(old), "--static")
    assert code == 1
    assert out.splitlines()[-1] == f"incompatible: 1 finding ({old} -> pgshift/library/sql)"
