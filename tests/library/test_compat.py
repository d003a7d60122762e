"""The current runtime library obeys the maintenance rules against its last release.

Uses `pgshift compat --static` (the checker behind `pgshift library check`), reading SQL only;
the release (`LIBRARY_BASELINE`) is read from git history.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pgshift.cli.main import main
from pgshift.compat.library import baseline_folder

ROOT = Path(__file__).resolve().parents[2]
CURRENT = ROOT / "src" / "pgshift" / "library" / "sql" / "utils"


@pytest.fixture(scope="module")
def released():
    """The runtime files of the last release."""
    with baseline_folder() as folder:
        yield folder / "utils"


def run_compat(old: Path, new: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["compat", "--static", str(old), str(new)], out, err)
    return code, out.getvalue() + err.getvalue()


def test_current_release_deploys_over_the_previous_one(released):
    code, output = run_compat(released, CURRENT)
    assert code == 0, output


def test_the_check_has_teeth(tmp_path, released):
    for path in CURRENT.glob("*.sql"):
        text = path.read_text()
        if path.name == "30_auth.sql":
            text = text.replace(
                "pgshift_utils.user_has_tag(tag text)", "pgshift_utils.user_has_tag(tag_name text)"
            )
        (tmp_path / path.name).write_text(text)
    code, output = run_compat(released, tmp_path)
    assert code == 1
    assert "parameter-renamed" in output
