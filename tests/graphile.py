"""Driving the real graphile-migrate 1.4.1 (npm) from tests, where node is present."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

VERSION = "1.4.1"
CACHE = Path(
    os.environ.get("PGSHIFT_GM_DIR", Path.home() / ".cache" / "pgshift-tests" / f"gm-{VERSION}")
)


def install() -> Path | None:
    """The graphile-migrate binary, installed into a cache folder on first use; None without npm."""
    binary = CACHE / "node_modules" / ".bin" / "graphile-migrate"
    if binary.exists():
        return binary
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "package.json").write_text('{"name": "gm-tests", "private": true}\n')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", f"graphile-migrate@{VERSION}"],
        cwd=CACHE,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    return binary


def require() -> Path:
    """The graphile-migrate binary for a test: skipped, saying why, where node and npm are
    missing; in CI (whose machines have them) a failed install fails instead of skipping."""
    import pytest

    binary = install()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail(
                "node/npm are present in CI images; graphile-migrate could not be installed"
            )
        pytest.skip("node and npm are not installed: the golden-file tests cover compatibility")
    return binary


class GraphileMigrate:
    """A graphile-migrate project sharing a folder with a pgshift project.

    Without `database_url`, the folder's own .gmrc is used as it is (a test wrote it).
    """

    def __init__(
        self,
        binary: Path,
        root: Path,
        *,
        database_url: str | None = None,
        shadow_url: str | None = None,
        root_url: str | None = None,
        placeholders: dict[str, str] | None = None,
    ) -> None:
        self.binary = binary
        self.root = root
        if database_url is None:
            return
        settings = {
            "connectionString": database_url,
            "shadowConnectionString": shadow_url,
            "rootConnectionString": root_url,
            "placeholders": placeholders or {},
        }
        (root / ".gmrc").write_text(json.dumps(settings, indent=2))

    def run(
        self, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run graphile-migrate in the folder; `env` adds variables (libpq's and DATABASE_URL &
        co. are otherwise not passed on)."""
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PG"))},
            **(env or {}),
        }
        result = subprocess.run(
            [str(self.binary), *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"graphile-migrate {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result
