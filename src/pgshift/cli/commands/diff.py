"""`pgshift diff SOURCE TARGET`: what the target lacks or has differently, and the SQL to fix it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ...inspect.census import unread_kinds_sentence
from .._options import debug_option, json_option, pass_output
from ..output import Output

if TYPE_CHECKING:
    from ...diff import DiffResult, Include

EXIT_SAME = 0
EXIT_CHANGES = 3
EXIT_DESTRUCTIVE_REFUSED = 4


@click.command("diff")
@click.argument("source")
@click.argument("target")
@click.option(
    "--sql",
    "sql_file",
    metavar="FILE",
    help="Write the SQL that makes TARGET like SOURCE to FILE ('-' for standard output).",
)
@click.option(
    "--allow-destructive",
    is_flag=True,
    help="Include destructive changes (drops, column type changes) in the --sql output.",
)
@click.option(
    "--schema", "schemas", multiple=True, metavar="S", help="Only compare schema S (repeatable)."
)
@click.option("--owners", is_flag=True, help="Also compare object owners.")
@click.option("--sequence-values", is_flag=True, help="Also compare sequences' current values.")
@click.option("--privileges", is_flag=True, help="Also compare privileges (GRANT).")
@click.option(
    "--online",
    is_flag=True,
    help="Write a plan for a database in use: constraints validated apart, indexes built "
    "CONCURRENTLY outside transaction blocks, lock comments.",
)
@json_option
@debug_option
@pass_output
def command(
    out: Output,
    source: str,
    target: str,
    sql_file: str | None,
    allow_destructive: bool,
    schemas: tuple[str, ...],
    owners: bool,
    sequence_values: bool,
    privileges: bool,
    online: bool,
    as_json: bool,
) -> int:
    """Compare two databases (SOURCE and TARGET are connection strings) object by object, by
    definition, and list what TARGET lacks or has differently. Destructive changes are marked.

    With --sql FILE, write the SQL that makes TARGET like SOURCE, in dependency order. A plan
    with destructive changes is written only with --allow-destructive; otherwise nothing is
    written and the exit code is 4.

    With --online, the plan is for a database in use: foreign keys and CHECKs are added NOT
    VALID and validated apart, NOT NULL goes through a validated CHECK, indexes on existing
    tables are built CONCURRENTLY (outside transaction blocks: apply the plan with psql
    -v ON_ERROR_STOP=1 -f FILE, never -1), and statements that still take an ACCESS
    EXCLUSIVE lock or rewrite a table say so in a comment.

    Objects of kinds not read are not compared: a warning on standard error counts them on
    each side (and "not_compared" in --json). {unread}

    Exit codes: 0 the databases match; 3 changes found (and written with --sql); 4 destructive
    changes refused; 65 error; 64 usage.
    """
    from ...diff import diff_databases, render

    if as_json and sql_file == "-":
        raise click.UsageError("--json and --sql - would both write to standard output")
    include = _include(owners=owners, sequence_values=sequence_values, privileges=privileges)
    result = diff_databases(source, target, schemas=list(schemas) or None, include=include)
    refused = bool(sql_file) and bool(result.destructive) and not allow_destructive
    _warn_not_compared(result, out)
    if as_json:
        out.json(_to_json(result, refused=refused, online=online))
    else:
        # SQL on standard output leaves the listing to standard error.
        _print_listing(result, out.info if sql_file == "-" else out.line)
    if refused:
        out.error(
            f"{len(result.destructive)} destructive change(s) (marked !): nothing written to "
            f"{sql_file}; review them and run again with --allow-destructive to include them"
        )
        return EXIT_DESTRUCTIVE_REFUSED
    if sql_file is not None:
        script = render(
            result.changes,
            allow_destructive=allow_destructive,
            online=online,
            target=result.target_model,
        )
        if sql_file == "-":
            out.out.write(script)
        else:
            Path(sql_file).write_text(script, encoding="utf-8")
            how = f"; apply it with psql -v ON_ERROR_STOP=1 -f {sql_file}" if online else ""
            out.info(f"wrote {len(result.changes)} change(s) to {sql_file}{how}")
    return EXIT_CHANGES if result.changes else EXIT_SAME


command.help = (command.help or "").replace("{unread}", unread_kinds_sentence())


def _include(*, owners: bool, sequence_values: bool, privileges: bool) -> Include:
    from ...diff import Include

    include = Include.DEFINITIONS
    for flag, extra in (
        (owners, Include.OWNERS),
        (sequence_values, Include.SEQUENCE_VALUES),
        (privileges, Include.PRIVILEGES),
    ):
        if flag:
            include |= extra
    return include


def _to_json(result: DiffResult, *, refused: bool, online: bool = False) -> dict[str, Any]:
    from ...diff.rendering import statements

    changes = [
        {
            "change": change.describe(),
            "type": type(change).__name__,
            "destructive": change.destructive,
            "sql": [s.as_string(None) + ";" for s in statements(change)],
        }
        for change in result.changes
    ]
    if online:
        _online_json(result, changes)
    return {
        "source": result.source,
        "target": result.target,
        "changes": changes,
        "destructive": len(result.destructive),
        "refused": refused,
        "not_compared": {
            "source": dict(result.source_model.unread),
            "target": dict(result.target_model.unread),
        },
    }


def _online_json(result: DiffResult, changes: list[dict[str, Any]]) -> None:
    """With --online, each change's "sql" is its online statements, and "statements" says for
    each whether it runs in a transaction block, when ("before" the others, "in place" or
    "after" them) and what it locks or rewrites."""
    from ...diff.online import AFTER, BEFORE, plan_online

    stages = {BEFORE: "before", AFTER: "after"}
    for entry, planned in zip(
        changes, plan_online(result.changes, result.target_model), strict=True
    ):
        entry["sql"] = [s.sql + ";" for s in planned.statements]
        entry["statements"] = [
            {
                "sql": s.sql + ";",
                "in_transaction": s.in_transaction,
                "runs": stages.get(s.stage, "in place"),
                "notes": list(s.notes),
            }
            for s in planned.statements
        ]


def _warn_not_compared(result: DiffResult, out: Output) -> None:
    """Name what neither the listing nor the SQL covers: "no changes" is only as good as what
    was read."""
    from ...inspect.census import describe_unread

    sides = [
        f"{describe_unread(model.unread)} in the {side}"
        for side, model in (("source", result.source_model), ("target", result.target_model))
        if model.unread
    ]
    if sides:
        out.warn(f"not compared, pgshift does not read these yet: {'; '.join(sides)}")


def _print_listing(result: DiffResult, report: Callable[[str], None]) -> None:
    for change in result.changes:
        mark = "!" if change.destructive else _MARKS.get(type(change).__name__, "~")
        suffix = "  (destructive)" if change.destructive else ""
        report(f"{mark} {change.describe()}{suffix}")
    report(_summary(result.source, result.target, len(result.changes), len(result.destructive)))


_MARKS = {
    "CreateObject": "+",
    "AddColumn": "+",
    "AddEnumValue": "+",
    "DropObject": "-",
    "DropColumn": "-",
}


def _summary(source: str, target: str, changes: int, destructive: int) -> str:
    if not changes:
        return f"{target} matches {source}"
    extra = f", {destructive} destructive" if destructive else ""
    return f"{changes} change(s) to make {target} like {source}{extra}"
