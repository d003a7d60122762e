"""`pgshift inspect [DSN]`: every object of a database, as a table or JSON, or a picture of its
tables and foreign keys (Mermaid, Graphviz)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ...inspect.census import unread_kinds_sentence
from ...inspect.model import CatalogObject
from ...sqltext import display_name
from .._options import Invocation, common, json_option, pass_invocation

if TYPE_CHECKING:
    from ...inspect import Model
    from ..output import Output


@click.command("inspect")
@click.argument("dsn", required=False, metavar="[DSN]")
@click.option(
    "--schema",
    "schemas",
    multiple=True,
    metavar="S",
    help="Only objects in schema S (repeat for several).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "mermaid", "dot"]),
    default=None,
    help="table (the default), json (as --json), mermaid (an erDiagram of the tables and their"
    " foreign keys) or dot (the same for Graphviz).",
)
@json_option
@common
@pass_invocation
def command(
    invocation: Invocation,
    dsn: str | None,
    schemas: tuple[str, ...],
    output_format: str | None,
    as_json: bool,
) -> int:
    """List every object of a database: schemas, extensions, types, tables and columns,
    constraints, indexes, sequences (with current values), functions and procedures, triggers,
    views, policies, comments and owners.

    DSN is a libpq URL or key=value string; without it, the configured database (or the
    embedded server's). Objects created by an extension are not listed: the extension is.
    Objects of kinds not read are counted in a warning on standard error (and under "unread"
    in --json). {unread}

    --format mermaid prints a Mermaid erDiagram (GitHub, GitLab and most documentation sites
    render it) of the tables, every column with its type, PK and FK marked, and one
    relationship per foreign key; --format dot the same as a Graphviz digraph.
    """
    from ...errors import UsageError

    if as_json and output_format not in (None, "json"):
        raise UsageError(f"--json and --format {output_format} exclude each other")
    out = invocation.out
    from ...inspect import inspect_database, model_to_json

    if dsn is None:
        dsn = invocation.target.main
    model = inspect_database(dsn, schemas=list(schemas) or None, connections=2)
    if model.unread:
        from ...inspect.census import describe_unread

        out.warn(f"not listed, pgshift does not read these yet: {describe_unread(model.unread)}")
    if as_json or output_format == "json":
        out.json(model_to_json(model, plain=False))
        return 0
    if output_format in ("mermaid", "dot"):
        from ...inspect.diagram import model_to_dot, model_to_mermaid

        text = model_to_mermaid(model) if output_format == "mermaid" else model_to_dot(model)
        out.line(text.rstrip("\n"))
        return 0
    _print_table(out, model)
    return 0


command.help = (command.help or "").replace("{unread}", unread_kinds_sentence())


def _print_table(out: Output, model: Model) -> None:
    rows = _rows(model)
    if not out.out_is_terminal:
        # A pipe or a file: one object a line, tab-separated, nothing padded or wrapped.
        for row in rows:
            out.line("\t".join(_one_line(field or "") for field in row))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table("kind", "name", "details", "owner", box=None, pad_edge=False)
    for column in table.columns:
        column.overflow = "fold"
    for kind, name, details, owner in rows:
        # Text, not markup: object names may contain [brackets].
        table.add_row(Text(kind), Text(name), Text(details), Text(owner or ""))
    out.console().print(table)


def _one_line(text: str) -> str:
    # A tab or line break inside a field (a comment, a definition) would split the row.
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _rows(model: Any) -> list[tuple[str, str, str, str | None]]:
    rows = []
    for obj in model.objects():
        label = obj.key.describe()[len(obj.key.kind) + 1 :]
        kind = "materialized view" if getattr(obj, "materialized", False) else obj.kind
        details = _details(obj)
        if getattr(obj, "comment", None):
            details += f"  -- {obj.comment}"
        rows.append((kind, label, details, getattr(obj, "owner", None)))
        for column in getattr(obj, "columns", ()) if obj.kind == "table" else ():
            name = f"{label}.{display_name(column.name)}"
            rows.append(("column", name, _column_details(column), None))
    return rows


def _details(obj: Any) -> str:
    kind = obj.kind
    if kind == "extension":
        return f"version {obj.version} in schema {obj.schema}"
    if kind == "enum":
        return ", ".join(obj.labels)
    if kind == "domain":
        checks = " ".join(c.definition for c in obj.constraints)
        return " ".join(x for x in (obj.base_type, "not null" if obj.not_null else "", checks) if x)
    if kind == "range type":
        return f"range of {obj.subtype}"
    if kind == "composite type":
        return ", ".join(f"{a.name} {a.type}" for a in obj.attributes)
    if kind == "table":
        notes = [f"{len(obj.columns)} columns"]
        if obj.partition_key:
            notes.append(f"partition by {obj.partition_key}")
        if obj.partition_of:
            notes.append(f"partition of {obj.partition_of} {obj.partition_bound}")
        if obj.inherits:
            notes.append(f"inherits {', '.join(obj.inherits)}")
        if obj.row_security:
            notes.append("row security")
        if obj.replica_identity_index:
            notes.append(f"replica identity using index {obj.replica_identity_index}")
        elif obj.replica_identity != "default":
            notes.append(f"replica identity {obj.replica_identity}")
        if obj.cluster_on:
            notes.append(f"cluster on {obj.cluster_on}")
        if obj.of_type:
            notes.append(f"of type {obj.of_type}")
        if obj.access_method:
            notes.append(f"using {obj.access_method}")
        if obj.tablespace:
            notes.append(f"in tablespace {obj.tablespace}")
        return ", ".join(notes)
    if kind in ("constraint", "index", "trigger"):
        return str(obj.definition)
    if kind == "rule":
        state = "" if obj.enabled == "origin" else f" ({obj.enabled})"
        return f"on {obj.event}{state}"
    if kind == "event trigger":
        tags = f" for {', '.join(obj.tags)}" if obj.tags else ""
        state = "" if obj.enabled == "origin" else f" ({obj.enabled})"
        return f"on {obj.event}{tags} runs {obj.function}{state}"
    if kind == "collation":
        where = obj.locale or f"lc_collate {obj.lc_collate}, lc_ctype {obj.lc_ctype}"
        return f"{obj.provider} {where}" + ("" if obj.deterministic else ", nondeterministic")
    if kind == "sequence":
        value = (
            "not readable"
            if obj.last_value is None
            else (f"last value {obj.last_value}" + ("" if obj.is_called else " (not called)"))
        )
        owned = ""
        if obj.owned_by_table:
            owned = f", owned by {obj.owned_by_table}.{obj.owned_by_column}"
        return f"{obj.data_type}, {value}{owned}"
    if kind in ("function", "procedure"):
        return f"returns {obj.result}" if obj.result else "procedure"
    if kind == "aggregate":
        return f"{obj.aggregate_kind} aggregate, state {obj.stype} by {obj.sfunc}"
    if kind == "view":
        return ", ".join(c.name for c in obj.columns)
    if kind == "policy":
        text = f"{'permissive' if obj.permissive else 'restrictive'} for {obj.command}"
        text += f" to {', '.join(obj.roles)}"
        if obj.using:
            text += f" using {obj.using}"
        if obj.with_check:
            text += f" with check {obj.with_check}"
        return text
    if isinstance(obj, CatalogObject):  # the statements that make it say what it is
        return " ".join(_one_line(statement) for statement in obj.create)
    return ""


def _column_details(column: Any) -> str:
    parts = [column.type]
    if column.collation:
        parts.append(f"collate {column.collation}")
    if column.not_null:
        parts.append("not null")
    if column.default is not None:
        parts.append(f"default {column.default}")
    if column.generated is not None:
        parts.append(f"generated as ({column.generated}) {column.generated_kind}")
    if column.identity:
        parts.append(f"identity {column.identity}")
    for setting in ("statistics", "storage", "compression"):
        if getattr(column, setting) is not None:
            parts.append(f"{setting} {getattr(column, setting)}")
    if column.options:
        parts.append(f"with ({', '.join(column.options)})")
    if column.comment:
        parts.append(f" -- {column.comment}")
    return " ".join(parts)
