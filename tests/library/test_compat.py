"""The current runtime library obeys the maintenance rules against the previous release.

Uses `pgshift compat --static` (the checker behind `pgshift library check`), reading SQL only.
"""

from __future__ import annotations

import io
from pathlib import Path

from pgshift.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
PREVIOUS = ROOT / "tests" / "library" / "fixtures" / "previous" / "utils"
CURRENT = ROOT / "src" / "pgshift" / "library" / "sql" / "utils"


def run_compat(old: Path, new: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["compat", "--static", str(old), str(new)], out, err)
    return code, out.getvalue() + err.getvalue()


def test_current_release_deploys_over_the_previous_one():
    code, output = run_compat(PREVIOUS, CURRENT)
    assert code == 0, output


def test_the_check_has_teeth(tmp_path):
    for path in CURRENT.glob("*.sql"):
        text = path.read_text()
        if path.name == "30_auth.sql":
            text = text.replace(
                "pgshift_utils.user_has_tag(tag text)", "pgshift_utils.user_has_tag(tag_name text)"
            )
        (tmp_path / path.name).write_text(text)
    code, output = run_compat(PREVIOUS, tmp_path)
    assert code == 1
    assert "parameter-renamed" in output
