"""`pgshift run`: run a SQL file against the database."""

from __future__ import annotations

from pathlib import Path

import click

from ...migrations.sqlfile import run_file
from .._options import Invocation, common, confirm_write, json_option, pass_invocation, yes_option


@click.command("run")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--shadow", is_flag=True, help="Run against the shadow database.")
@click.option("--root", is_flag=True, help="Run against the root (maintenance) database.")
@yes_option
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    file: Path | None,
    shadow: bool,
    root: bool,
    yes: bool,
    as_json: bool,
) -> int:
    """Run FILE (default: the current migration) in one transaction; print the rows it returns."""
    out = invocation.out
    if shadow and root:
        raise click.UsageError("--shadow and --root cannot be combined")
    config = invocation.config
    confirm_write(invocation, plan=f"run would execute {file or 'the current migration'}.", yes=yes)
    result = run_file(config, invocation.target, file, shadow=shadow, root=root)
    if as_json:
        names = _unique(result.columns)
        out.json(
            [{n: _json_value(v) for n, v in zip(names, row, strict=True)} for row in result.rows]
        )
    else:
        for row in result.rows:
            out.line("\t".join("" if v is None else str(v) for v in row))
    return 0


def _unique(columns: list[str]) -> list[str]:
    """Column names as JSON keys: a repeated name gets `_2`, `_3`... (`select 1 as id, 2 as id`)."""
    seen: dict[str, int] = {}
    names = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names


def _json_value(value: object) -> object:
    """Values JSON can hold as PostgreSQL writes them: bytea as `\\x…`, NaN and infinities as
    the strings PostgreSQL uses (JSON has no such numbers)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[str(value)]
    return value
