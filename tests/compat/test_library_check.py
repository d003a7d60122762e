"""`pgshift library check`: the bundled library must deploy over its last release, read from the
git history at `LIBRARY_BASELINE`; without that history it says so and `--against FOLDER` works.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pgshift
from pgshift.cli.main import main
from pgshift.compat.library import (
    LIBRARY_BASELINE,
    baseline_folder,
    check_library,
    library_sql_folder,
)
from pgshift.errors import UsageError

VERSION, COMMIT = LIBRARY_BASELINE
BASELINE_LABEL = f"{COMMIT[:12]}:src/pgshift/library/sql"
CHECKOUT = Path(__file__).resolve().parents[2]


def _describe(result: Any) -> str:
    return "\n".join(f"{f.where}: [{f.rule}] {f.function}: {f.message}" for f in result.findings)


def _git(*args: str, cwd: Path = CHECKOUT) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def test_bundled_library_deploys_over_its_last_release(pg: Any) -> None:
    result = check_library(admin_dsn=pg.dsn("postgres"))
    assert result.mode == "server"
    assert result.old == BASELINE_LABEL
    assert result.errors == [], _describe(result)


def test_bundled_library_passes_the_static_check() -> None:
    result = check_library(admin_dsn=None)
    assert result.old == BASELINE_LABEL
    assert result.errors == [], _describe(result)


def test_the_baseline_is_a_full_commit_sha_whose_library_is_read_from_git() -> None:
    assert VERSION == "0.1.0"
    assert re.fullmatch(r"[0-9a-f]{40}", COMMIT)
    listed = _git("ls-tree", "-r", "--name-only", COMMIT, "src/pgshift/library/sql").split()
    assert len(listed) > 10
    with baseline_folder() as folder:
        read = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        assert read == sorted(name.removeprefix("src/pgshift/library/sql/") for name in listed)
        for name in read:
            shown = subprocess.run(
                ["git", "show", f"{COMMIT}:src/pgshift/library/sql/{name}"],
                cwd=CHECKOUT,
                capture_output=True,
                check=True,
            ).stdout
            assert (folder / name).read_bytes() == shown, name


def test_no_copy_of_the_library_ships_in_the_package() -> None:
    package = Path(pgshift.__file__).resolve().parent
    library = library_sql_folder()
    with baseline_folder() as baseline:
        versions = {p.read_bytes() for p in [*baseline.rglob("*.sql"), *library.rglob("*.sql")]}
    copies = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*.sql")
        if library not in p.parents and p.read_bytes() in versions
    ]
    assert copies == []


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


def _shared_clone(tmp_path: Path) -> Path:
    """A clone of this checkout borrowing its objects (no files checked out): fast."""
    clone = tmp_path / "clone"
    _git("clone", "--quiet", "--shared", "--no-checkout", str(CHECKOUT), str(clone))
    return clone


def test_by_default_the_library_is_compared_with_the_baseline_commit(tmp_path: Path) -> None:
    # The library without require_user_id(), which the release has, in a checkout that has the
    # release commit: the default check reads that commit and reports the function as removed.
    library = _shared_clone(tmp_path) / "src" / "pgshift" / "library" / "sql"
    shutil.copytree(library_sql_folder(), library)
    auth = library / "utils" / "30_auth.sql"
    text = auth.read_text()
    start = text.rindex("/*-snippet", 0, text.index("FUNCTION pgshift_utils.require_user_id()"))
    auth.write_text(text[:start])
    released = _git("show", f"{COMMIT}:src/pgshift/library/sql/utils/30_auth.sql").splitlines()
    line = released.index("CREATE OR REPLACE FUNCTION pgshift_utils.require_user_id()") + 1

    result = check_library(admin_dsn=None, library=library)

    assert (result.old, result.new) == (BASELINE_LABEL, "pgshift/library/sql")
    assert [(f.rule, f.function, f.where) for f in result.errors] == [
        (
            "removed",
            "pgshift_utils.require_user_id()",
            f"{BASELINE_LABEL}/utils/30_auth.sql:{line} (old version)",
        )
    ]


def _outside_any_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # As installed from a wheel: no git work tree above the package (git stops at the ceiling).
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    library = tmp_path / "site-packages" / "pgshift" / "library" / "sql"
    shutil.copytree(library_sql_folder(), library)
    return library


def _clone_without_the_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clone = tmp_path / "shallow"
    _git("clone", "--quiet", "--depth=1", "--no-checkout", CHECKOUT.as_uri(), str(clone))
    assert subprocess.run(["git", "cat-file", "-e", COMMIT], cwd=clone).returncode != 0
    library = clone / "src" / "pgshift" / "library" / "sql"
    shutil.copytree(library_sql_folder(), library)
    return library


def _no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "empty-bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    return library_sql_folder()


def _checkout_where_the_library_was_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # A package installed into a virtualenv inside a checkout: git has the commit, but the
    # library was never at that path, and git archive would give an empty folder.
    library = _shared_clone(tmp_path) / ".venv" / "site-packages" / "pgshift" / "library" / "sql"
    shutil.copytree(library_sql_folder(), library)
    return library


SITUATIONS: dict[str, Callable[[Path, pytest.MonkeyPatch], Path]] = {
    "installed package": _outside_any_checkout,
    "shallow clone": _clone_without_the_commit,
    "no git": _no_git,
    "not the library's path at the commit": _checkout_where_the_library_was_not,
}


def _expected_error(library: Path) -> str:
    return (
        f"the library's baseline (release 0.1.0) is commit {COMMIT} in the git history of a"
        f" pgshift source checkout, and {library} is not in a checkout that has it (an installed"
        " package, a shallow clone or no git); run this in a full clone of pgshift, or give"
        " --against FOLDER (the older library's SQL folder), which works anywhere"
    )


@pytest.mark.parametrize("situation", SITUATIONS)
def test_without_the_baseline_in_git_history_the_check_says_where_it_lives(
    situation: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with baseline_folder() as baseline:  # read while git and this checkout are still at hand
        old = tmp_path / "released-sql"
        shutil.copytree(baseline, old)
    library = SITUATIONS[situation](tmp_path, monkeypatch)

    with pytest.raises(UsageError) as info:
        check_library(admin_dsn=None, library=library)
    assert str(info.value) == _expected_error(library)

    monkeypatch.setattr("pgshift.compat.library.library_sql_folder", lambda: library)
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(["library", "check", "--static", *args], out, err)
        return code, out.getvalue(), err.getvalue()

    assert run() == (64, "", f"pgshift: error: {_expected_error(library)}\n")
    assert run("--against", str(old)) == (
        0,
        f"compatible: pgshift/library/sql can be deployed over {old}\n",
        "",
    )


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
    assert out.splitlines()[-1] == (
        f"compatible: pgshift/library/sql can be deployed over {BASELINE_LABEL}"
    )
    old = _old_copy_with_one_more_function(tmp_path)
    code, out = run("--against", str(old), "--static")
    assert code == 1
    assert out.splitlines()[-1] == f"incompatible: 1 finding ({old} -> pgshift/library/sql)"
