"""Routines read from SQL text alone (`--static`): no server, so types are compared as written.

pglast reads every definition exactly as PostgreSQL would; what it cannot know without a server
is what a type name resolves to, so `int` and `int4` agree but a domain and its base type do not.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Routine
from .sqlfiles import DropTarget, Statement, is_input

SignatureKey = tuple[str, str, tuple[str, ...]]


def static_routines(statements: Sequence[Statement]) -> list[Routine]:
    """The routines a version defines; a later definition of the same signature wins."""
    found: dict[SignatureKey, Routine] = {}
    for statement in statements:
        definition = statement.definition
        if definition is None:
            continue
        inputs = [p for p in definition.parameters if is_input(p)]
        outputs = [p for p in definition.parameters if p.mode in ("out", "inout", "table")]
        routine = Routine(
            schema=definition.schema or "public",
            name=definition.name,
            kind=definition.kind,
            input_types=tuple(p.type for p in inputs),
            input_names=tuple(p.name for p in inputs),
            variadic=any(p.mode == "variadic" for p in inputs),
            defaults=sum(1 for p in inputs if p.has_default),
            returns=definition.returns,
            returns_set=definition.returns_set,
            out_columns=tuple((p.name, p.type) for p in outputs),
            path=statement.path,
            line=statement.line,
        )
        first = found.get(routine.signature)
        if first is not None:  # keep where it was first defined
            routine = Routine(**{**routine.__dict__, "path": first.path, "line": first.line})
        found[routine.signature] = routine
    return list(found.values())


def matches(target: DropTarget, routine: Routine) -> bool:
    """Whether a DROP target names `routine`, comparing types as written."""
    return (target.schema or "public", target.name) == (routine.schema, routine.name) and (
        target.types is None or target.types == routine.input_types
    )


def static_dropped(statements: Sequence[Statement], old: Sequence[Routine]) -> set[SignatureKey]:
    """The OLD signatures that NEW's DROP statements remove."""
    targets = [t for s in statements if s.drop for t in s.drop.targets]
    return {r.signature for r in old if any(matches(t, r) for t in targets)}
