"""Read a folder of SQL files into statements with positions, and what each one defines or drops.

pglast (PostgreSQL's own parser) splits the files and reads `CREATE FUNCTION` / `DROP FUNCTION`
statements, so positions and names are exactly what the server sees. No database is needed here.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pglast
from pglast import parser as pg_parser
from pglast.enums import FunctionParameterMode, ObjectType
from pglast.stream import RawStream

from ..errors import CompatibilityError
from ..sqltext import display_name

_DROP_KINDS = {
    ObjectType.OBJECT_FUNCTION: "function",
    ObjectType.OBJECT_PROCEDURE: "procedure",
    ObjectType.OBJECT_ROUTINE: "routine",
}
# "remove after 2026-12-31" in a comment just above a definition: see docs/authoring.md.
_REMOVAL_NOTE = re.compile(r"remove\s+after\s+(\d{4}-\d{2}-\d{2})", re.IGNORECASE)
# format_type() spellings of the built-in types that SQL lets you write under other names.
_BUILTIN_TYPES = {
    "int2": "smallint",
    "int4": "integer",
    "int": "integer",
    "int8": "bigint",
    "float4": "real",
    "float8": "double precision",
    "bool": "boolean",
    "varchar": "character varying",
    "bpchar": "character",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
    "timetz": "time with time zone",
    "time": "time without time zone",
    "varbit": "bit varying",
    "decimal": "numeric",
}


@dataclass(frozen=True)
class Parameter:
    name: str
    mode: str  # "in", "inout", "variadic", "out", "table"
    type: str  # canonical spelling where pglast can tell (see canonical_type)
    has_default: bool


@dataclass(frozen=True)
class Definition:
    """What a `CREATE [OR REPLACE] FUNCTION|PROCEDURE` statement says, read without a server."""

    schema: str | None
    name: str
    kind: str  # "f" function, "p" procedure (pg_proc.prokind)
    replace: bool
    parameters: tuple[Parameter, ...]
    returns: str  # canonical return type ("void" for a procedure without OUT parameters)
    returns_set: bool


@dataclass(frozen=True)
class DropTarget:
    schema: str | None
    name: str
    types: tuple[str, ...] | None  # None: written without an argument list
    text: str  # canonical `schema.name(types)`, comparable between versions


@dataclass(frozen=True)
class Drop:
    kind: str  # "function", "procedure" or "routine"
    missing_ok: bool
    targets: tuple[DropTarget, ...]


@dataclass(frozen=True)
class Statement:
    """One statement of one file: `path` is relative to its folder, `line` 1-based."""

    path: str
    line: int
    column: int
    text: str
    definition: Definition | None = None
    drop: Drop | None = None
    remove_after: dt.date | None = None
    transaction_control: bool = False  # BEGIN, COMMIT...: the checker runs its own transaction

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def sql_files(folder: Path) -> list[Path]:
    """The `.sql` files under `folder`, in path order (the order they are loaded in)."""
    found = [p for p in folder.rglob("*.sql") if p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_folder(folder: Path, *, label: str = "") -> list[Statement]:
    """Every statement of every `.sql` file under `folder`, in load order.

    `label` is put before file names in error messages (the folder as the user named it).
    """
    if not folder.is_dir():
        raise CompatibilityError(f"{folder}: no such folder")
    statements: list[Statement] = []
    for path in sql_files(folder):
        rel = path.relative_to(folder).as_posix()
        try:
            # utf-8-sig: a byte order mark (some editors write one) is not part of the SQL.
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CompatibilityError(f"{_join(label, rel)}: cannot read the file: {exc}") from None
        try:
            statements += read_statements(text, path=rel)
        except CompatibilityError as exc:
            raise CompatibilityError(_join(label, str(exc))) from None
    return statements


def _join(label: str, text: str) -> str:
    return f"{label.rstrip('/')}/{text}" if label else text


def read_statements(text: str, *, path: str) -> list[Statement]:
    """Split one file into statements with PostgreSQL's parser.

    The parser, unlike the scanner, knows that the `;` inside a `BEGIN ATOMIC ... END` body does
    not end the statement. `:NAME` placeholders are read as identifiers. SQL that does not parse
    raises `CompatibilityError` with the file and line.
    """
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    try:
        tokens = list(pg_parser.scan(text))
        parsable, slices = _split(text, tokens)
    except pg_parser.ParseError as exc:
        index = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        line = bisect.bisect_right(starts, index)
        raise CompatibilityError(f"{path}:{line}: cannot read SQL: {exc.args[0]}") from None
    _check_coverage(tokens, slices, starts, path)
    statements = []
    previous = 0
    for piece in slices:
        inside = [t for t in tokens if previous <= t.start < piece.stop]
        previous = piece.stop
        first = next(
            (t for t in inside if t.name not in _COMMENTS and t.start >= piece.start), None
        )
        if first is None:
            continue
        notes = " ".join(text[t.start : t.end + 1] for t in inside if t.start < first.start)
        line = bisect.bisect_right(starts, first.start)
        column = first.start - starts[line - 1] + 1
        body = text[first.start : piece.stop]
        node = _parse_one(parsable[first.start : piece.stop])
        statements.append(_describe(node, body, path, line, column, notes))
    return statements


_COMMENTS = ("C_COMMENT", "SQL_COMMENT")


def _split(text: str, tokens: Sequence[Any]) -> tuple[str, list[slice]]:
    """The text the parser can read (placeholders masked, same offsets) and its statements.

    Raises the parser's `ParseError` (its location is an offset into `text`).
    """
    try:
        return text, list(pglast.split(text, with_parser=True, only_slices=True))
    except pg_parser.ParseError:
        masked = _mask_placeholders(text, tokens)
        if masked == text:
            raise
        return masked, list(pglast.split(masked, with_parser=True, only_slices=True))


def _mask_placeholders(text: str, tokens: Sequence[Any]) -> str:
    """`:NAME` (replaced when migrations run) becomes the identifier `_NAME`, so offsets stay.

    A `:` right after a word or a bracket is an array slice (`a[1:n]`), not a placeholder.
    """
    chars = list(text)
    for colon, word in zip(tokens, tokens[1:], strict=False):
        before = text[colon.start - 1] if colon.start else " "
        if (
            colon.name == "ASCII_58"
            and word.start == colon.end + 1
            and (text[word.start].isalpha() or text[word.start] == "_")
            and not (before.isalnum() or before in "_])")
        ):
            chars[colon.start] = "_"
    return "".join(chars)


def _check_coverage(
    tokens: Sequence[Any], slices: Sequence[slice], starts: Sequence[int], path: str
) -> None:
    """Every token that is not a comment or a `;` must be in a statement: nothing dropped."""
    for token in tokens:
        if token.name in _COMMENTS or token.name == "ASCII_59":
            continue
        if not any(piece.start <= token.start < piece.stop for piece in slices):
            line = bisect.bisect_right(starts, token.start)
            raise CompatibilityError(
                f"{path}:{line}: cannot read SQL: this text belongs to no statement "
                "(an unbalanced parenthesis or quote above?)"
            )


def _describe(node: Any, text: str, path: str, line: int, column: int, notes: str) -> Statement:
    match = _REMOVAL_NOTE.search(notes)
    remove_after = None
    if match:
        try:
            remove_after = dt.date.fromisoformat(match.group(1))
        except ValueError:
            raise CompatibilityError(
                f"{path}:{line}: removal note date {match.group(1)} is not a valid date"
            ) from None
    definition = drop = None
    kind = type(node).__name__ if node is not None else ""
    if kind == "CreateFunctionStmt":
        definition = _definition(node)
    elif kind == "DropStmt" and node.removeType in _DROP_KINDS:
        drop = Drop(
            _DROP_KINDS[node.removeType],
            bool(node.missing_ok),
            tuple(_drop_target(o) for o in node.objects),
        )
    control = kind == "TransactionStmt"
    return Statement(path, line, column, text, definition, drop, remove_after, control)


def _parse_one(text: str) -> Any:
    # The whole file parsed, so each of its statements does.
    parsed = pglast.parse_sql(text)
    return parsed[0].stmt if len(parsed) == 1 else None


def canonical_type(type_name: Any) -> str:
    """A type as `format_type()` spells it, as far as the text alone tells (no server).

    Built-in types get their SQL-standard names; other names keep their schema as written.
    """
    names = [str(n.sval) for n in type_name.names]
    if type_name.pct_type:
        return str(RawStream()(type_name))
    if names[0] == "pg_catalog":
        names = names[1:]
    if len(names) == 1:
        base = _BUILTIN_TYPES.get(names[0], names[0])
        base = base if base in _BUILTIN_TYPES.values() else display_name(base)
    else:
        base = display_name(*names)
    if type_name.arrayBounds:
        base += "[]"
    return base


def _mode(mode: Any) -> str:
    return {
        FunctionParameterMode.FUNC_PARAM_IN: "in",
        FunctionParameterMode.FUNC_PARAM_DEFAULT: "in",
        FunctionParameterMode.FUNC_PARAM_INOUT: "inout",
        FunctionParameterMode.FUNC_PARAM_VARIADIC: "variadic",
        FunctionParameterMode.FUNC_PARAM_OUT: "out",
        FunctionParameterMode.FUNC_PARAM_TABLE: "table",
    }[mode]


def _definition(node: Any) -> Definition:
    names = [n.sval for n in node.funcname]
    parameters = tuple(
        Parameter(p.name or "", _mode(p.mode), canonical_type(p.argType), p.defexpr is not None)
        for p in node.parameters or ()
    )
    # What pg_proc.prorettype ends up as: one OUT/TABLE column is returned as its own type.
    outs = [p for p in parameters if p.mode in ("out", "inout", "table")]
    returns = "record" if outs else "void"
    returns_set = False
    if node.returnType is not None:
        returns = canonical_type(node.returnType)
        returns_set = bool(node.returnType.setof)
    if not node.is_procedure and returns == "record" and len(outs) == 1:
        returns = outs[0].type
    return Definition(
        schema=names[-2] if len(names) > 1 else None,
        name=names[-1],
        kind="p" if node.is_procedure else "f",
        replace=bool(node.replace),
        parameters=parameters,
        returns=returns,
        returns_set=returns_set,
    )


def _drop_target(node: Any) -> DropTarget:
    names = [n.sval for n in node.objname]
    schema = names[-2] if len(names) > 1 else None
    types = None if node.args_unspecified else tuple(canonical_type(t) for t in node.objargs or ())
    text = display_name(*names[-2:]) + ("" if types is None else f"({', '.join(types)})")
    return DropTarget(schema, names[-1], types, text)


def input_types(definition: Definition) -> tuple[str, ...]:
    return tuple(p.type for p in definition.parameters if p.mode in ("in", "inout", "variadic"))


def is_input(parameter: Parameter) -> bool:
    return parameter.mode in ("in", "inout", "variadic")
