"""`pgshift snippets` end to end: sources, options, --check and the all-or-nothing write."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pgshift.cli.main import main
from pgshift.snippets import collect_snippets, library_sources

BLOCK = (
    '/*-snippet\n{{"body": "{body}"}}\nsnippet-*/\n'
    "create or replace function {name}() returns int;\n"
)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for var in ("DATABASE_URL", "SHADOW_DATABASE_URL", "ROOT_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "app"
    (root / "migrations").mkdir(parents=True)
    (root / "pgshift.toml").write_text("")
    monkeypatch.chdir(root)
    yield root


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["snippets", *args], out, err)
    return code, out.getvalue(), err.getvalue()


def library_entries(multitenancy: bool = False) -> dict:
    return collect_snippets(library_sources(), multitenancy=multitenancy)


def written(app: Path, name: str = ".vscode/pgshift.code-snippets") -> dict:
    return json.loads((app / name).read_text())


def test_writes_library_and_project_snippets(app: Path) -> None:
    (app / "migrations" / "current.sql").write_text(BLOCK.format(body="mine", name="app.my_func"))
    code, _, err = run()
    assert code == 0, err
    entries = written(app)
    assert entries["My Func (App)"] == {"prefix": "shift-my-func", "body": "mine", "scope": "sql"}
    assert {k: v for k, v in entries.items() if k != "My Func (App)"} == library_entries()
    assert "wrote" in err


def test_from_folders_and_prefix(app: Path) -> None:
    for folder, name in (("one", "a.first"), ("two/deep", "b.second")):
        (app / folder).mkdir(parents=True)
        (app / folder / "x.sql").write_text(BLOCK.format(body=folder, name=name))
    code, _, err = run("--from", "one", "--from", "two", "--prefix", "my-", "-o", "out.json")
    assert code == 0, err
    entries = written(app, "out.json")
    assert entries["First (A)"]["prefix"] == "my-first"
    assert entries["Second (B)"] == {"prefix": "my-second", "body": "two/deep", "scope": "sql"}


def test_multitenancy_files_need_the_flag(app: Path) -> None:
    (app / "migrations" / "multitenancy").mkdir()
    (app / "migrations" / "multitenancy" / "t.sql").write_text(BLOCK.format(body="t", name="app.t"))
    assert run()[0] == 0
    assert "T (App)" not in written(app)
    assert run("-m")[0] == 0
    assert written(app)["T (App)"]["body"] == "t"
    assert set(library_entries(True)) <= set(written(app))


def test_custom_code_snippets_win_on_equal_keys(app: Path) -> None:
    (app / "migrations" / "current.sql").write_text(BLOCK.format(body="generated", name="app.f"))
    (app / "migrations" / "mine.code-snippets").write_text(
        '{"F (App)": {"prefix": "f", "body": "custom"}}'
    )
    assert run()[0] == 0
    assert written(app)["F (App)"] == {"prefix": "f", "body": "custom"}


def test_check_reports_the_difference_and_writes_nothing(app: Path) -> None:
    code, out, err = run("--check")
    assert code == 1
    assert not (app / ".vscode").exists()
    assert out.startswith("--- /dev/null\n+++ .vscode/pgshift.code-snippets (generated)\n")
    assert "is out of date: run `pgshift snippets` to regenerate it" in err
    assert run()[0] == 0
    assert run("--check")[0] == 0
    (app / "migrations" / "current.sql").write_text(BLOCK.format(body="new", name="app.g"))
    code, out, _ = run("--check")
    assert code == 1
    assert '+  "G (App)": {\n' in out
    assert out.startswith("--- .vscode/pgshift.code-snippets (on disk)\n")


def test_an_error_writes_nothing_and_names_file_and_line(app: Path) -> None:
    assert run()[0] == 0
    before = (app / ".vscode" / "pgshift.code-snippets").read_bytes()
    (app / "migrations" / "current.sql").write_text(BLOCK.format(body="ok", name="app.ok"))
    (app / "migrations" / "bad.sql").write_text('\n/*-snippet\n{"body": 1,}\nsnippet-*/\n')
    code, out, err = run()
    assert code == 65
    assert out == ""
    assert err == (
        "pgshift: error: migrations/bad.sql:3:12: invalid JSON: Expecting property name enclosed "
        "in double quotes\nNothing was written.\n"
    )
    assert (app / ".vscode" / "pgshift.code-snippets").read_bytes() == before


def test_a_library_with_description_lists_gives_its_snippets(app: Path) -> None:
    case = Path(__file__).parent / "cases" / "vendor-description-lists"
    (app / "vendor").mkdir()
    (app / "vendor" / "define.sql").write_bytes((case / "input.sql").read_bytes())
    code, _, err = run("--from", "vendor")
    assert code == 0, err
    expected = json.loads((case / "expected.code-snippets").read_text(encoding="utf-8"))
    assert {key: written(app)[key] for key in expected} == expected
    assert written(app)["Drop Timestamps Trigger (Ax Define)"]["description"] == [
        "Drops previously defined timestamp trigger which automatically populated "
        "'created_date' and 'updated_date' columns."
    ]


def test_a_field_of_the_wrong_type_writes_nothing(app: Path) -> None:
    (app / "migrations" / "current.sql").write_text(BLOCK.format(body="ok", name="app.ok"))
    (app / "migrations" / "bad.sql").write_text(
        '/*-snippet\n{"body": "x",\n "description": ["one", 2]}\nsnippet-*/\n'
        "create function app.bad() returns int;\n"
    )
    code, out, err = run()
    assert code == 65
    assert out == ""
    assert err == (
        'pgshift: error: migrations/bad.sql:3:25: "description" item 2 must be a string, '
        "not a number\nNothing was written.\n"
    )
    assert not (app / ".vscode").exists()


def test_output_is_deterministic_with_trailing_newline(app: Path) -> None:
    (app / "migrations" / "current.sql").write_text(BLOCK.format(body="x", name="app.f"))
    run()
    first = (app / ".vscode" / "pgshift.code-snippets").read_bytes()
    assert first.endswith(b"}\n") and not first.endswith(b"\n\n")
    os.remove(app / ".vscode" / "pgshift.code-snippets")
    run()
    assert (app / ".vscode" / "pgshift.code-snippets").read_bytes() == first


def test_json_output(app: Path) -> None:
    code, out, _ = run("--json", "--check")
    assert code == 1
    report = json.loads(out)
    assert report["changed"] is True and report["written"] is False
    assert report["snippets"] == len(library_entries())


def test_missing_from_folder_is_a_usage_error(app: Path) -> None:
    code, _, err = run("--from", "nowhere")
    assert code == 64
    assert err == "pgshift: error: --from nowhere: no such folder\n"


def _annotated_functions(folder: Path, multitenancy: bool) -> int:
    """Count snippet blocks by reading lines, independently of the parser."""
    count = 0
    for path in folder.rglob("*.sql"):
        if "multitenancy" in path.relative_to(folder).as_posix() and not multitenancy:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        count += sum(1 for line in lines if line.lstrip().startswith("/*-snippet"))
    return count


@pytest.mark.parametrize("multitenancy", [False, True])
def test_bundled_library_gives_one_entry_per_annotated_function(multitenancy: bool) -> None:
    sql_only = [s for s in library_sources() if s.folder.name == "sql"]
    entries = collect_snippets(sql_only, multitenancy=multitenancy)
    assert len(entries) == _annotated_functions(sql_only[0].folder, multitenancy)
    for key, entry in entries.items():
        assert list(entry)[0] == "prefix" and list(entry)[-1] == "scope", key
        assert entry["body"], key


def test_bundled_library_custom_snippets_merge_cleanly() -> None:
    everything = collect_snippets(library_sources(), multitenancy=True)
    sql_only = collect_snippets([library_sources()[0]], multitenancy=True)
    assert set(sql_only) <= set(everything)


def test_paths_are_relative_to_where_the_command_runs(
    app: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (app / "sql").mkdir()
    (app / "sql" / "x.sql").write_text(BLOCK.format(body="x", name="app.from_sub"))
    monkeypatch.chdir(app / "migrations")
    assert run("--from", "../sql", "-o", "../mine.code-snippets")[0] == 0
    assert "From Sub (App)" in written(app, "mine.code-snippets")
    assert run()[0] == 0  # the default output is at the project root, wherever the command runs
    assert (app / ".vscode" / "pgshift.code-snippets").is_file()


def test_no_library_snippets_when_the_project_does_not_install_it(app: Path) -> None:
    (app / "pgshift.toml").write_text("[library]\ninstall = false\n")
    (app / "migrations" / "current.sql").write_text(BLOCK.format(body="mine", name="app.mine"))
    assert run()[0] == 0
    assert list(written(app)) == ["Mine (App)"]
