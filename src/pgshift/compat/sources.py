"""Where the versions come from: folders, or a folder as it was at a git revision."""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UsageError


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--against GIT_REF needs git, which is not installed") from None


@contextmanager
def folder_at_revision(folder: Path, revision: str) -> Iterator[Path]:
    """A temporary copy of `folder` as it was at git `revision` (`git archive`).

    A folder that did not exist at that revision gives an empty folder: everything is new.
    """
    folder = folder.resolve()
    anchor = next(p for p in (folder, *folder.parents) if p.is_dir())
    top = _git(["rev-parse", "--show-toplevel"], anchor)
    if top.returncode != 0:
        raise UsageError(
            f"{folder} is not inside a git work tree, so --against cannot read "
            "a revision; pass a folder instead"
        )
    root = Path(top.stdout.decode().strip())
    relative = folder.relative_to(root).as_posix()
    check = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root)
    if check.returncode != 0:
        raise UsageError(f"--against {revision}: no such git revision")
    with tempfile.TemporaryDirectory(prefix="pgshift-compat-") as tmp:
        target = Path(tmp)
        spec = f"{revision}:{relative}" if relative != "." else revision
        archive = _git(["archive", "--format=tar", spec], root)
        if archive.returncode == 0:
            archive_path = target / "version.tar"
            archive_path.write_bytes(archive.stdout)
            with tarfile.open(archive_path) as tar:
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(target / "tree", filter="data")
                else:  # pragma: no cover - Python before the extraction filters
                    tar.extractall(target / "tree")  # noqa: S202 - our own repository
            archive_path.unlink()
        (target / "tree").mkdir(exist_ok=True)
        yield target / "tree"
