"""tools/snapshot_library.py: the released baseline that `library check` compares against."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "snapshot_library.py"


def _tool(monkeypatch: pytest.MonkeyPatch, source: Path, snapshot: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("snapshot_library", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "SOURCE", source)
    monkeypatch.setattr(module, "SNAPSHOT", snapshot)
    monkeypatch.setattr(module, "LIBRARY", source.parent)
    return module


def test_snapshot_copies_the_sql_and_check_compares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, snapshot = tmp_path / "a" / "b" / "lib" / "sql", tmp_path / "a" / "b" / "lib" / "rel"
    (source / "utils").mkdir(parents=True)
    (source / "utils" / "x.sql").write_text("select 1;\n")
    (source / "notes.txt").write_text("not SQL")
    tool = _tool(monkeypatch, source, snapshot)
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0
    assert sorted(p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*")) == [
        "utils",
        "utils/x.sql",
    ]
    assert tool.main(["--check"]) == 0
    (source / "utils" / "x.sql").write_text("select 2;\n")
    capsys.readouterr()
    assert tool.main(["--check"]) == 1
    assert capsys.readouterr().out == "differs: utils/x.sql\n"
