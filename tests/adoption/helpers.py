"""Other tools' migration folders for tests, written from each tool's documented format."""

from __future__ import annotations

from pathlib import Path

import psycopg

from pgshift.migrations.files import read_committed


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> text) under `root`; return `root`."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def committed_text(project, name: str) -> str:
    return (project.migrations / "committed" / name).read_text()


def committed_names(project) -> list[str]:
    return sorted(p.name for p in (project.migrations / "committed").iterdir())


def imported_headers(project) -> list[str | None]:
    return [m.headers.get("Imported") for m in read_committed(project.migrations)]


def run_as_other_tool(dsn: str, statements: list[str]) -> None:
    """What the other tool did to the database: each text sent on its own, in autocommit (a
    one-statement text then runs outside a transaction, as golang-migrate sends it)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        for text in statements:
            conn.execute(text)


def pgshift_history(project) -> list[tuple[str, str, str | None]]:
    return project.query(
        "select filename, hash, previous_hash from pgshift.migrations order by filename"
    )


def chain(project) -> list[tuple[str, str, str | None]]:
    """(filename, hash, previous hash) of every committed file, as migrate would record them."""
    return [(m.filename, m.hash, m.previous_hash) for m in read_committed(project.migrations)]
