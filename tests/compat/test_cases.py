"""Each folder under cases/ is an OLD and a NEW version plus the findings expected.

For every finding, a second test deploys NEW over OLD on a real server, the way a migration
would, and checks that PostgreSQL does exactly what the finding predicts: raises that error, or
succeeds and leaves the wrong function behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from pgshift.compat import check_compat

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.json").exists())


def _expected(name: str) -> dict[str, Any]:
    return json.loads((CASES / name / "expected.json").read_text())


def _summary(result: Any) -> list[dict[str, Any]]:
    return [
        {
            "rule": f.rule,
            "function": f.function,
            "file": f.path,
            "line": f.line,
            "side": f.side,
            "severity": f.severity,
            "error": f.error.to_json() if f.error else None,
        }
        for f in result.findings
    ]


def _wanted(name: str) -> list[dict[str, Any]]:
    return [
        {
            "rule": f["rule"],
            "function": f["function"],
            "file": f["file"],
            "line": f["line"],
            "side": f.get("side", "new"),
            "severity": f.get("severity", "error"),
            "error": f["error"],
        }
        for f in _expected(name)["findings"]
    ]


def _check(name: str, admin_dsn: str | None) -> Any:
    case = CASES / name
    return check_compat(
        case / "old", case / "new", admin_dsn=admin_dsn, old_label="old", new_label="new"
    )


@pytest.mark.parametrize("name", NAMES)
def test_server_mode_findings(name: str, pg: Any) -> None:
    result = _check(name, pg.dsn("postgres"))
    assert result.mode == "server"
    assert _summary(result) == _wanted(name)
    assert result.compatible == all(
        f.get("severity") == "warning" for f in _expected(name)["findings"]
    )


@pytest.mark.parametrize("name", [n for n in NAMES if _expected(n).get("static", True)])
def test_static_mode_findings(name: str) -> None:
    result = _check(name, None)
    assert result.mode == "static"
    assert _summary(result) == _wanted(name)


def _run_folder(conn: psycopg.Connection, folder: Path) -> None:
    for path in sorted(folder.rglob("*.sql")):
        conn.execute(path.read_text())


def _proofs() -> list[tuple[str, int]]:
    return [(n, i) for n in NAMES for i, _ in enumerate(_expected(n)["findings"])]


@pytest.mark.parametrize(("name", "index"), _proofs())
def test_postgresql_does_what_the_finding_predicts(name: str, index: int, pg: Any) -> None:
    finding = _expected(name)["findings"][index]
    error, proof = finding["error"], finding["proof"]
    notices: list[tuple[str | None, str]] = []
    database = pg.create_database()
    try:
        with pg.connect(database) as conn:
            conn.add_notice_handler(lambda n: notices.append((n.sqlstate, n.message_primary or "")))
            if proof == "fresh":  # a database that never ran OLD: a new install
                with pytest.raises(psycopg.Error) as caught:
                    _run_folder(conn, CASES / name / "new")
                _assert_error(caught.value, error)
                return
            _run_folder(conn, CASES / name / "old")
            if proof == "deploy":
                with pytest.raises(psycopg.Error) as caught:
                    _run_folder(conn, CASES / name / "new")
                _assert_error(caught.value, error)
                return
            notices.clear()
            _run_folder(conn, CASES / name / "new")  # deploying succeeds...
            if proof == "call":
                with pytest.raises(psycopg.Error) as caught:
                    conn.execute(finding["call"])
                _assert_error(caught.value, error)
            elif proof == "left-behind":  # ...and the old function is still there
                row = conn.execute("select to_regprocedure(%s) is not null", [finding["function"]])
                assert row.fetchone() == (True,)
            elif proof == "notice":  # ...with a notice that the server changed what was written
                assert (error["sqlstate"], error["message"]) in notices
            elif proof == "noop":  # ...and the DROP only said it had nothing to drop
                assert [
                    (state, text) for state, text in notices if text.startswith("function s.gone(")
                ] == [("00000", "function s.gone(pg_catalog.int8) does not exist, skipping")]
            else:
                assert proof == "warning" and error is None
    finally:
        pg.drop_database(database)


def _assert_error(exc: psycopg.Error, error: dict[str, Any]) -> None:
    assert (exc.diag.sqlstate, exc.diag.message_primary) == (error["sqlstate"], error["message"])
    if error.get("detail"):
        assert exc.diag.message_detail == error["detail"]
