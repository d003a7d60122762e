"""order.py and comparison.py on hand-built models: pure logic, no database."""

from __future__ import annotations

from pgshift.diff import compare, order_changes
from pgshift.diff._enums import added_values
from pgshift.diff.changes import AddEnumValue, CreateObject, DropObject
from pgshift.diff.order import Phase, phase_of
from pgshift.inspect.model import (
    Column,
    Constraint,
    EnumType,
    Function,
    Index,
    Model,
    ObjectKey,
    Privilege,
    Schema,
    Table,
    View,
    ViewColumn,
)

APP = ObjectKey("schema", "", "app")


def table(name: str, *needs: ObjectKey) -> Table:
    return Table("app", name, (Column("id", "integer"),), depends_on=(APP, *needs))


def view(name: str, *needs: ObjectKey) -> View:
    return View("app", name, f" SELECT 1 AS {name}", depends_on=(APP, *needs))


def described(changes) -> list[str]:
    return [c.describe() for c in changes]


def test_creates_follow_dependencies_then_the_usual_order():
    users = table("users")
    fn = Function(
        "function", "app", "pick", "", "", "integer", "CREATE ... pick", depends_on=(APP,)
    )
    # Named so that name order alone would be wrong: a_view depends on b_view.
    b_view = view("b_view", users.key, fn.key)
    a_view = view("a_view", b_view.key)
    pkey = Constraint(
        "app", "users", "users_pkey", "primary key", "PRIMARY KEY (id)", depends_on=(users.key,)
    )
    source = Model(
        schemas=(Schema("app"),),
        tables=(users,),
        constraints=(pkey,),
        functions=(fn,),
        views=(a_view, b_view),
    )
    assert described(order_changes(compare(source, Model()))) == [
        "create schema app",
        "create table app.users",
        "create constraint users_pkey on app.users",
        "create function app.pick()",
        "create view app.b_view",
        "create view app.a_view",
    ]


def test_drops_go_dependants_first_and_schemas_last():
    users = table("users")
    index = Index("app", "users", "users_id", "CREATE INDEX ...", depends_on=(users.key,))
    b_view = view("b_view", users.key)
    a_view = view("a_view", b_view.key)
    target = Model(
        schemas=(Schema("app"),), tables=(users,), indexes=(index,), views=(b_view, a_view)
    )
    changes = order_changes(compare(Model(), target))
    # The index goes with its table: not dropped on its own.
    assert described(changes) == [
        "drop view app.a_view",
        "drop view app.b_view",
        "drop table app.users",
        "drop schema app",
    ]
    assert all(c.destructive for c in changes)
    assert [phase_of(c) for c in changes] == [Phase.DROP_DEPENDANTS] * 3 + [Phase.DROP_DEFINITIONS]


def test_a_replaced_view_takes_its_dependants_along():
    users = table("users")
    a_view = view("a_view", ObjectKey("view", "app", "b_view"))
    # A column renamed: CREATE OR REPLACE VIEW cannot do it.
    old_b = View(
        "app",
        "b_view",
        " SELECT 1 AS one",
        (ViewColumn("one", "integer"),),
        depends_on=(users.key,),
    )
    new_b = View(
        "app",
        "b_view",
        " SELECT 2 AS two",
        (ViewColumn("two", "integer"),),
        depends_on=(users.key,),
    )
    source = Model(schemas=(Schema("app"),), tables=(users,), views=(a_view, new_b))
    target = Model(schemas=(Schema("app"),), tables=(users,), views=(a_view, old_b))
    changes = order_changes(compare(source, target))
    assert described(changes) == [
        "drop (to re-create) view app.a_view",
        "drop (to re-create) view app.b_view",
        "create view app.b_view",
        "create view app.a_view",
    ]
    assert not any(c.destructive for c in changes)


def test_unique_index_and_primary_key_are_different_objects():
    users = table("users")
    as_index = Index("app", "users", "users_pkey", "CREATE UNIQUE INDEX users_pkey ...")
    as_key = Constraint("app", "users", "users_pkey", "primary key", "PRIMARY KEY (id)")
    changes = compare(
        Model(tables=(users,), constraints=(as_key,)), Model(tables=(users,), indexes=(as_index,))
    )
    assert {type(c) for c in changes} == {CreateObject, DropObject}


def test_enum_values_are_placed_next_to_existing_ones():
    new = EnumType("app", "mood", ("new1", "sad", "ok", "meh", "happy", "wow", "yay"))
    changes = added_values(new, ["new1", "ok", "meh", "wow", "yay"])
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("new1", "sad", None),
        ("ok", "happy", None),
        ("meh", "happy", None),
        ("wow", None, "happy"),
        ("yay", None, "wow"),
    ]
    assert all(isinstance(c, AddEnumValue) for c in changes)


def test_removed_enum_label_rebuilds_the_type_destructively_under_a_free_name():
    usage = (Privilege("public", "USAGE"),)  # what PostgreSQL grants on a new type
    old = EnumType("app", "mood", ("sad", "ok"), privileges=usage)
    new = EnumType("app", "mood", ("ok", "sad"), privileges=usage)
    taken = Table("app", "mood_old", ())  # a table's name is its row type's name too
    changes = order_changes(
        compare(Model(enums=(new,), tables=(taken,)), Model(enums=(old,), tables=(taken,)))
    )
    assert described(changes) == [
        "re-create enum app.mood (the old one renamed app.mood_old2 meanwhile)",
        "drop enum app.mood_old2",
    ]
    assert all(c.destructive for c in changes)


def test_columns_of_a_rebuilt_enum_are_converted_through_text():
    mood = ObjectKey("type", "app", "mood")
    usage = (Privilege("public", "USAGE"),)
    old = EnumType("app", "mood", ("sad", "ok"), privileges=usage)
    new = EnumType("app", "mood", ("ok",), privileges=usage)
    people = Table(
        "app",
        "people",
        (Column("id", "integer"), Column("mood", "app.mood"), Column("past", "app.mood[]")),
        depends_on=(APP, mood),
    )
    # A function that goes, taking the enum: dropped before the enum is renamed.
    sigh = Function(
        "function", "app", "sigh", "m app.mood", "m app.mood", "app.mood", "", depends_on=(mood,)
    )
    changes = order_changes(
        compare(
            Model(enums=(new,), tables=(people,)),
            Model(enums=(old,), tables=(people,), functions=(sigh,)),
        )
    )
    assert described(changes) == [
        "drop function app.sigh(m app.mood)",
        "re-create enum app.mood (the old one renamed app.mood_old meanwhile)",
        "alter column app.people.mood (type)",
        "alter column app.people.past (type)",
        "drop enum app.mood_old",
    ]
    assert [(c.via_text, c.type_recreated) for c in changes[2:4]] == [(True, True)] * 2


def test_a_column_from_one_enum_to_another_goes_through_text():
    e1, e2 = EnumType("app", "e1", ("a",)), EnumType("app", "e2", ("a",))
    old = Table("app", "t", (Column("c", "app.e1"), Column("n", "text")))
    new = Table("app", "t", (Column("c", "app.e2"), Column("n", "app.e2")))
    changes = compare(Model(enums=(e1, e2), tables=(new,)), Model(enums=(e1, e2), tables=(old,)))
    assert [(c.column.name, c.via_text, c.type_recreated) for c in changes] == [
        ("c", True, False),
        ("n", False, False),  # text casts to an enum itself
    ]


def test_a_view_that_becomes_materialized_is_created_again():
    plain = view("v")
    materialized = View("app", "v", plain.definition, materialized=True, depends_on=(APP,))
    for new, old in ((materialized, plain), (plain, materialized)):
        changes = compare(Model(views=(new,)), Model(views=(old,)))
        assert [type(c) for c in changes] == [DropObject, CreateObject]
        assert (changes[0].obj, changes[1].obj) == (old, new)


def test_a_definition_that_needs_a_dropped_table_is_dropped_with_it():
    tickets = ObjectKey("table", "app", "tickets")
    reads = Function("function", "app", "next_number", "", "", "integer", "", depends_on=(tickets,))
    changes = compare(Model(), Model(tables=(table("tickets"),), functions=(reads,)))
    assert [phase_of(c) for c in changes] == [Phase.DROP_DEPENDANTS, Phase.DROP_DEFINITIONS]
    # The function reads the table (a SQL-standard body): it goes first, in the first phase.
    assert described(order_changes(changes)) == [
        "drop function app.next_number()",
        "drop table app.tickets",
    ]


def test_owner_and_dependencies_do_not_affect_equality():
    a = Table("app", "t", (), owner="alice", depends_on=(APP,))
    b = Table("app", "t", (), owner="bob")
    assert a == b
    assert compare(Model(tables=(a,)), Model(tables=(b,))) == []
