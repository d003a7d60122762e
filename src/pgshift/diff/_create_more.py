"""Creating the kinds of `inspect/_more.py` (rules, collations, event triggers); the other
kinds are in `_sql.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..inspect.model import Collation, EventTrigger, Rule
from ..sqltext import ident, literal, qualified
from ._sql import TRIGGER_STATES, Statement, join, parenthesized, raw
from .changes import CreateObject


def _create_rule(obj: Rule, change: CreateObject) -> list[Statement]:
    result: list[Statement] = [raw(obj.definition)]
    if obj.enabled != "origin":
        # Rules share triggers' four states and their ALTER TABLE words.
        state = TRIGGER_STATES[obj.enabled]
        table = qualified(obj.schema, obj.table)
        result.append(join(["alter table", table, state, "rule", ident(obj.name)]))
    return result


def _create_collation(obj: Collation, change: CreateObject) -> list[Statement]:
    options: list[Statement] = [join(["provider =", obj.provider])]
    for option, value in (
        ("lc_collate", obj.lc_collate),
        ("lc_ctype", obj.lc_ctype),
        ("locale", obj.locale),
        ("rules", obj.rules),
    ):
        if value is not None:
            options.append(join([option, "=", literal(value)]))
    if not obj.deterministic:
        options.append(join(["deterministic = false"]))
    name = qualified(obj.schema, obj.name)
    return [join(["create collation", name, parenthesized(join(options, ", "))])]


def _create_event_trigger(obj: EventTrigger, change: CreateObject) -> list[Statement]:
    parts: list[Statement | str] = ["create event trigger", ident(obj.name), "on", ident(obj.event)]
    if obj.tags:
        parts += ["when tag in", parenthesized(join([literal(t) for t in obj.tags], ", "))]
    parts += ["execute function", join([raw(obj.function), "()"], "")]
    result: list[Statement] = [join(parts)]
    if obj.enabled != "origin":
        result.append(join(["alter event trigger", ident(obj.name), TRIGGER_STATES[obj.enabled]]))
    return result


MORE_CREATORS: dict[type, Callable[[Any, CreateObject], list[Statement]]] = {
    Rule: _create_rule,
    Collation: _create_collation,
    EventTrigger: _create_event_trigger,
}
