"""Each rule, with a dangerous and a safe example, judged against a real server (the
statements run in a transaction the linter rolls back, on a database holding conftest.SCHEMA)."""

from __future__ import annotations

import pytest

from pgshift.lint.model import RULES

from .helpers import lint_sql, rules

NO_TX = "--! no-transaction\n"

# rule, severity, dangerous migration (the finding is on its last statement), safe migration
CASES = [
    (
        "create-index",
        "warning",
        "create index on orders (status);",
        # a table created by the same migration, or CONCURRENTLY on its own
        "create table fresh (id int);\ncreate index on fresh (id);",
    ),
    (
        "create-index",
        "warning",
        "create index on orders (status);",
        NO_TX + "create index concurrently on orders (status);",
    ),
    (
        "drop-index",
        "warning",
        "drop index orders_total_idx;",
        NO_TX + "drop index concurrently orders_total_idx;",
    ),
    (
        "no-transaction-required",
        "error",
        "create index concurrently on orders (status);",
        NO_TX + "create index concurrently if not exists orders_status_idx on orders (status);",
    ),
    (
        "add-column-rewrite",
        "error",
        "alter table orders add column token uuid default gen_random_uuid();",
        "alter table orders add column created timestamptz not null default now();",
    ),
    (
        "add-column-rewrite",
        "error",
        "alter table orders add column r float default random();",
        "alter table orders add column flag boolean not null default false;",
    ),
    (
        "add-column-rewrite",
        "error",
        "alter table orders add column at timestamptz default clock_timestamp();",
        "alter table orders add column at timestamptz default current_timestamp;",
    ),
    (
        "add-column-rewrite",
        "error",
        "alter table orders add column n bigserial;",
        "alter table orders add column n bigint;",
    ),
    (
        "add-column-rewrite",
        "error",
        "alter table orders add column t text default next_token();",
        "alter table orders add column t text default 'none';",
    ),
    (
        "add-column-rewrite",
        "error",
        "alter table orders add column double int generated always as (total * 2) stored;",
        "alter table orders add column double int generated always as (total * 2) virtual;",
    ),
    (
        "set-not-null",
        "error",
        "alter table orders alter column status set not null;",
        # a validated CHECK (note IS NOT NULL) exists: the server skips the scan
        "alter table orders alter column note set not null;",
    ),
    (
        "column-type-change",
        "error",
        "alter table orders alter column total type bigint;",
        "alter table orders alter column status type varchar(40);",
    ),
    (
        "column-type-change",
        "error",
        "alter table orders alter column status type varchar(10);",
        "alter table orders alter column status type text;",
    ),
    (
        "rename-column",
        "error",
        "alter table orders rename column status to state;",
        "create table fresh (id int);\nalter table fresh rename column id to key;",
    ),
    (
        "rename-table",
        "error",
        "alter table orders rename to purchases;",
        "create table fresh (id int);\nalter table fresh rename to renamed;",
    ),
    (
        "drop-column",
        "error",
        "alter table orders drop column note;",
        "alter table orders add column tmp int;\nalter table orders drop column tmp;",
    ),
    (
        "drop-table",
        "error",
        "drop table customers cascade;",
        "create table scratch (id int);\ndrop table scratch;",
    ),
    ("drop-table", "error", "drop table customers cascade;", "drop table if exists never_was;"),
    (
        "add-foreign-key",
        "warning",
        "alter table orders add constraint orders_customer_fk foreign key (customer_id) references customers (id);",
        "alter table orders add constraint orders_customer_fk foreign key (customer_id) references customers (id) not valid;",
    ),
    (
        "add-check-constraint",
        "error",
        "alter table orders add constraint orders_ref_positive check (ref > 0);",
        "alter table orders add constraint orders_ref_positive check (ref > 0) not valid;",
    ),
    (
        "validate-in-same-transaction",
        "warning",
        "alter table orders add constraint orders_ref_positive check (ref > 0) not valid;\n"
        "alter table orders validate constraint orders_ref_positive;",
        # added NOT VALID by an earlier migration
        "alter table orders validate constraint orders_total_positive;",
    ),
    (
        "add-unique-constraint",
        "error",
        "alter table orders add constraint orders_ref_key unique (ref);",
        "alter table orders add constraint orders_ref_key unique using index orders_ref_idx;",
    ),
    (
        "add-unique-constraint",
        "error",
        "alter table orders drop constraint orders_pkey;\nalter table orders add primary key (id);",
        "create table fresh (id int);\nalter table fresh add primary key (id);",
    ),
    (
        "cluster",
        "error",
        "cluster orders using orders_pkey;",
        "create table fresh (id int primary key);\ncluster fresh using fresh_pkey;",
    ),
    ("vacuum-full", "error", NO_TX + "vacuum full orders;", NO_TX + "vacuum (analyze) orders;"),
    ("reindex", "warning", "reindex table orders;", NO_TX + "reindex table concurrently orders;"),
    ("lock-table", "warning", "lock table orders;", "lock table orders in access share mode;"),
    (
        "refresh-materialized-view",
        "warning",
        "refresh materialized view order_totals;",
        "refresh materialized view concurrently order_totals;",
    ),
    (
        "table-rewrite",
        "error",
        "alter table orders set unlogged;",
        "alter table orders set logged;",
    ),
    (
        "blocking-scan",
        "error",
        # the partition is scanned for rows outside the range under ACCESS EXCLUSIVE
        "alter table events attach partition events_2026 for values from ('2026-01-01') to ('2027-01-01');",
        # a validated CHECK matching the range spares the scan
        "alter table events attach partition events_2027 for values from ('2027-01-01') to ('2028-01-01');",
    ),
]


@pytest.mark.parametrize(
    ("rule", "severity", "dangerous", "safe"), CASES, ids=[c[0] for c in CASES]
)
def test_dangerous_is_found_and_safe_is_not(app, rule, severity, dangerous, safe):
    last_line = dangerous.rstrip().count("\n") + 1
    assert (last_line, rule, severity) in rules(lint_sql(app, dangerous))
    assert rules(lint_sql(app, safe)) == []


def test_every_rule_has_a_case_or_a_test_of_its_own():
    tested = {c[0] for c in CASES} | {
        "ignore-without-reason",
        "ignore-unknown-rule",
        "ignore-unused",
    }
    assert tested == set(RULES)


def test_an_index_built_under_an_access_exclusive_lock_taken_earlier_is_an_error(app):
    findings = lint_sql(
        app, "alter table orders add column code int;\ncreate index on orders (code);"
    )
    assert rules(findings) == [(2, "create-index", "error")]
    assert "already holds an ACCESS EXCLUSIVE lock on public.orders, so reads wait too" in (
        findings[0].message
    )


def test_static_judgement_without_a_server(app):
    # The text alone cannot see a validated CHECK, nor tell a rewriting type change from one
    # that is not, nor whether a function is volatile: it says what may happen.
    assert rules(lint_sql(None, "alter table orders alter column note set not null;")) == [
        (1, "set-not-null", "error")
    ]
    assert rules(lint_sql(None, "alter table orders alter column status type text;")) == [
        (1, "column-type-change", "warning")
    ]
    assert rules(lint_sql(None, "alter table orders add column t text default next_token();")) == [
        (1, "add-column-rewrite", "warning")
    ]
    assert rules(lint_sql(None, "create index on orders (status);")) == [
        (1, "create-index", "warning")
    ]
    # Objects created earlier in the same migration are judged safe without a server too.
    assert (
        lint_sql(
            None,
            "create table t (id int);\ncreate index on t (id);\nalter table t add column x int default random();",
        )
        == []
    )


def test_drops_of_objects_that_are_not_relations_are_read(app):
    # Their names are functions with arguments, types, ... not plain names (this crashed).
    sql = (
        "create function f(integer) returns integer language sql as 'select 1';\n"
        "create aggregate a(integer) (sfunc = int4pl, stype = integer);\n"
        "create type t as (x integer);\n"
        "drop function f(integer);\ndrop aggregate a(integer);\ndrop type t;\n"
        "drop operator if exists === (integer, integer);\ndrop table orders;"
    )
    assert rules(lint_sql(app, sql)) == [(8, "drop-table", "error")]


def test_the_measurement_decides_where_the_text_cannot(app):
    # The same statement is a rewrite or not depending on the column's type: measured.
    assert rules(lint_sql(app, "alter table orders alter column status type text;")) == []
    assert rules(lint_sql(app, "alter table orders alter column note type varchar(5);")) == [
        (1, "column-type-change", "error")
    ]
