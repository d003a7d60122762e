"""What the shadow database shows for the main statement kinds: the relations locked, in which
mode, whether the table was rewritten or scanned, measured on a real server."""

from __future__ import annotations

import pytest

from .helpers import measure


def locks_of(app, sql: str, statement: int = -1) -> dict[str, tuple[str, bool, bool]]:
    """relation -> (mode, rewrite, scanned) of the relations statement `statement` touched."""
    measurement = measure(app, sql)
    assert measurement.failure is None, measurement.failure
    index = sorted(measurement.locks)[statement]
    return {
        lock.relation: (lock.mode, lock.rewrite, lock.scanned)
        for lock in measurement.locks[index]
        if lock.touched
    }


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("create index on orders (status)", {"public.orders": ("ShareLock", False, True)}),
        (
            "alter table orders add column a int",
            {"public.orders": ("AccessExclusiveLock", False, False)},
        ),
        (
            "alter table orders add column a int default 7",
            {"public.orders": ("AccessExclusiveLock", False, False)},
        ),
        (
            "alter table orders validate constraint orders_total_positive",
            {"public.orders": ("ShareUpdateExclusiveLock", False, True)},
        ),
        (
            "alter table orders add foreign key (customer_id) references customers (id) not valid",
            {
                "public.orders": ("ShareRowExclusiveLock", False, False),
                "public.customers": ("ShareRowExclusiveLock", False, False),
                "public.customers_pkey": ("AccessShareLock", False, False),
            },
        ),
        (
            "alter table orders alter column status set not null",
            {"public.orders": ("AccessExclusiveLock", False, True)},
        ),
        (
            "drop index orders_total_idx",
            {
                "public.orders": ("AccessExclusiveLock", False, False),
                "public.orders_total_idx": ("AccessExclusiveLock", False, False),
            },
        ),
        (
            "create trigger t before update on orders for each row execute function suppress_redundant_updates_trigger()",
            {"public.orders": ("ShareRowExclusiveLock", False, False)},
        ),
        (
            "comment on table orders is 'x'",
            {"public.orders": ("ShareUpdateExclusiveLock", False, False)},
        ),
        (
            "update orders set note = 'y' where id = 1",
            {
                "public.orders": ("RowExclusiveLock", False, False),
                "public.orders_pkey": ("RowExclusiveLock", False, False),
                "public.orders_ref_idx": ("RowExclusiveLock", False, False),
                "public.orders_total_idx": ("RowExclusiveLock", False, False),
            },
        ),
        (
            "refresh materialized view order_totals",
            {
                "public.order_totals": ("AccessExclusiveLock", True, True),
                "public.order_totals_customer_id_idx": ("AccessExclusiveLock", True, False),
                "public.customers": ("AccessShareLock", False, True),
                "public.customers_pkey": ("AccessShareLock", False, False),
            },
        ),
        ("lock table orders in share mode", {"public.orders": ("ShareLock", False, False)}),
    ],
)
def test_lock_modes_of_the_main_statement_kinds(app, sql, expected):
    assert locks_of(app, sql) == expected


def test_a_rewrite_gives_the_table_and_its_indexes_new_files(app):
    touched = locks_of(app, "alter table orders add column r float default random()")
    assert touched["public.orders"] == ("AccessExclusiveLock", True, True)
    assert touched["public.orders_pkey"][:2] == ("AccessExclusiveLock", True)
    assert locks_of(app, "alter table orders add column r float default 1.5") == {
        "public.orders": ("AccessExclusiveLock", False, False)
    }


def test_a_lock_held_from_an_earlier_statement_is_the_mode_the_later_one_works_under(app):
    sql = "alter table orders add column a int;\ncreate index on orders (a)"
    assert locks_of(app, sql) == {"public.orders": ("AccessExclusiveLock", False, True)}


def test_relations_the_migration_created_are_left_out(app):
    sql = "create table fresh (id int primary key);\ninsert into fresh values (1);\ncreate index on fresh (id)"
    measurement = measure(app, sql)
    assert measurement.locks == {0: (), 1: (), 2: ()}


def test_a_dropped_or_renamed_relation_is_named_as_it_was(app):
    assert locks_of(app, "drop table customers cascade") == {
        "public.customers": ("AccessExclusiveLock", False, False),
        "public.customers_pkey": ("AccessExclusiveLock", False, False),
        "public.order_totals": ("AccessExclusiveLock", False, False),
        "public.order_totals_customer_id_idx": ("AccessExclusiveLock", False, False),
    }
    assert locks_of(app, "alter table orders rename to purchases") == {
        "public.orders": ("AccessExclusiveLock", False, False)
    }


def test_nothing_is_left_behind(app):
    measure(
        app,
        "create table fresh (id int);\nalter table orders add column a int;\ndrop index orders_total_idx",
    )
    row = app.execute(
        "select to_regclass('fresh'), to_regclass('orders_total_idx') is not null,"
        " (select count(*) from information_schema.columns where table_name = 'orders' and column_name = 'a')"
    ).fetchone()
    assert row == (None, True, 0)


def test_statements_that_cannot_run_in_a_transaction_are_not_measured(app):
    measurement = measure(
        app, "create index concurrently on orders (status);\nbegin;\nselect 1;\ncommit"
    )
    assert sorted(measurement.locks) == [2]
    assert measurement.failure is None


def test_a_failing_statement_stops_the_measurement(app):
    measurement = measure(
        app, "alter table orders add column a int;\nselect nope from orders;\nselect 1"
    )
    assert measurement.failure is not None
    statement, error = measurement.failure
    assert (statement.index, error.sqlstate) == (1, "42703")
    assert sorted(measurement.locks) == [0]
