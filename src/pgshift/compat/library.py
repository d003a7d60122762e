"""`pgshift library check`: the bundled library against its last release (or a revision)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .check import check_compat
from .model import CompatResult
from .sources import folder_at_revision


def library_sql_folder() -> Path:
    """The bundled library's SQL (`pgshift/library/sql`)."""
    return Path(__file__).resolve().parent.parent / "library" / "sql"


def released_folder() -> Path:
    """The snapshot of the library's SQL as last released (`tools/snapshot_library.py`)."""
    return Path(__file__).resolve().parent.parent / "library" / "released"


@contextmanager
def _library_folder() -> Iterator[Path]:
    """The library's SQL folder; an empty one while the package ships none."""
    if library_sql_folder().is_dir():
        yield library_sql_folder()
        return
    with tempfile.TemporaryDirectory(prefix="pgshift-library-") as empty:
        yield Path(empty)


@contextmanager
def _old_version(against: str | None) -> Iterator[tuple[Path, str]]:
    if against is None and not released_folder().is_dir():
        # Nothing released yet: deploying the library over itself is what every `migrate` does.
        with _library_folder() as folder:
            yield folder, "pgshift/library/sql"
    elif against is None:
        yield released_folder(), "pgshift/library/released"
    elif Path(against).is_dir():
        yield Path(against), against
    else:
        with folder_at_revision(library_sql_folder(), against) as folder:
            yield folder, f"{against}:pgshift/library/sql"


def check_library(*, admin_dsn: str | None, against: str | None = None) -> CompatResult:
    """Check the bundled library against `against` (a folder or git revision; default: the
    released snapshot, or the library itself before the first release). Without `admin_dsn`
    the check is static."""
    with _old_version(against) as (old, old_label), _library_folder() as new:
        return check_compat(
            old,
            new,
            admin_dsn=admin_dsn,
            old_label=old_label,
            new_label="pgshift/library/sql",
        )
