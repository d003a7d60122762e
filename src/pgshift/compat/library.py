"""`pgshift library check`: the bundled library against its last release (or a revision)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Final

from ..errors import UsageError
from .check import check_compat
from .model import CompatResult
from .sources import folder_at_revision

# The library as last released: what `pgshift library check` compares with by default, and what
# the upgrade tests install before the current library. It is read from git history (no copy of
# it ships), so it is a commit whose `src/pgshift/library/sql` is that release, named by its full
# SHA: tags are not kept, commits on main are. When a release is cut, set this to
# (version, full SHA of the release commit); nothing else names the baseline. 0.1.0 is the
# commit that made the old `pgshift/library/released/` copy: its library tree (git object
# 9249499e) is the one that copy held, byte for byte.
LIBRARY_BASELINE: Final[tuple[str, str]] = ("0.1.0", "ef40f11e732140b18e534d31b82f7c2d5594ea1d")

NEW_LABEL: Final = "pgshift/library/sql"


def library_sql_folder() -> Path:
    """The bundled library's SQL (`pgshift/library/sql`)."""
    return Path(__file__).resolve().parent.parent / "library" / "sql"


def baseline_label() -> str:
    """How findings name the baseline: `<short SHA>:src/pgshift/library/sql` (git show syntax)."""
    return f"{LIBRARY_BASELINE[1][:12]}:src/{NEW_LABEL}"


def no_baseline_message(library: Path) -> str:
    """The one-line error when `library` has no git history holding the baseline commit."""
    version, commit = LIBRARY_BASELINE
    return (
        f"the library's baseline (release {version}) is commit {commit} in the git history of a"
        f" pgshift source checkout, and {library} is not in a checkout that has it (an installed"
        " package, a shallow clone or no git); run this in a full clone of pgshift, or give"
        " --against FOLDER (the older library's SQL folder), which works anywhere"
    )


@contextmanager
def baseline_folder(library: Path | None = None) -> Iterator[Path]:
    """A temporary copy of the library's SQL as released (`LIBRARY_BASELINE`), read from the
    git history of the checkout that holds `library` (default: the bundled library).

    Raises `UsageError` (`no_baseline_message`) when that history is not there: an installed
    wheel, a clone without the commit, no git, or a folder that was not the library's at that
    commit (which git would give as an empty folder).
    """
    library = library_sql_folder() if library is None else library
    with ExitStack() as stack:
        try:
            folder: Path | None = stack.enter_context(
                folder_at_revision(library, LIBRARY_BASELINE[1])
            )
        except UsageError:
            folder = None
        if folder is None or not any(folder.rglob("*.sql")):
            raise UsageError(no_baseline_message(library))
        yield folder


@contextmanager
def _new_version(library: Path) -> Iterator[Path]:
    """The library's SQL folder; an empty one while the package ships none."""
    if library.is_dir():
        yield library
        return
    with tempfile.TemporaryDirectory(prefix="pgshift-library-") as empty:
        yield Path(empty)


@contextmanager
def _old_version(against: str | None, library: Path) -> Iterator[tuple[Path, str]]:
    if against is None:
        with baseline_folder(library) as folder:
            yield folder, baseline_label()
    elif Path(against).is_dir():
        yield Path(against), against
    else:
        with folder_at_revision(library, against) as folder:
            yield folder, f"{against}:{NEW_LABEL}"


def check_library(
    *,
    admin_dsn: str | Callable[[], str] | None,
    against: str | None = None,
    library: Path | None = None,
) -> CompatResult:
    """Check the library against `against` (a folder or git revision; default: the release
    `LIBRARY_BASELINE`, read from git history). Without `admin_dsn` the check is static.

    `library` is the library's SQL folder (default: the bundled one); the baseline and a
    revision are read from the git history of the checkout holding it. `admin_dsn` may be a
    function, called only once both versions are found (it may start a server).
    """
    library = library_sql_folder() if library is None else library
    with _old_version(against, library) as (old, old_label), _new_version(library) as new:
        dsn = admin_dsn() if callable(admin_dsn) else admin_dsn
        return check_compat(old, new, admin_dsn=dsn, old_label=old_label, new_label=NEW_LABEL)
