"""pgshift's modules compiled to bytecode before a benchmark times pgshift's commands."""

from __future__ import annotations

import compileall
from pathlib import Path


def compile_pgshift(package: Path | None = None) -> None:
    """Write the bytecode of pgshift's modules (`package`: a source tree's `pgshift` directory;
    by default the one imported), as an installed pgshift has it: pip compiles a package at
    install. An editable install writes it at its first import, except where
    PYTHONDONTWRITEBYTECODE is set, as on the machines these benchmarks ran on: there each
    command would compile every module it imports again, about 25 ms of each start."""
    if package is None:
        import pgshift

        package = Path(pgshift.__file__).parent
    compileall.compile_dir(package, quiet=1)
