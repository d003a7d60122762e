"""pgshift's modules compiled to bytecode before a benchmark times pgshift's commands."""

from __future__ import annotations

import compileall
from pathlib import Path


def compile_pgshift() -> None:
    """Write the bytecode of pgshift's modules, as an installed pgshift has it (pip compiles
    a package at install). An editable install writes it at its first import, except where
    PYTHONDONTWRITEBYTECODE is set, as on the machines these benchmarks ran on: there each
    command would compile every module it imports again, about 25 ms of each start."""
    import pgshift

    compileall.compile_dir(Path(pgshift.__file__).parent, quiet=1)
