"""A database with an application's tables in it, shared by the rule tests of a module: every
case runs in a transaction the linter rolls back, so none sees another's changes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

SCHEMA = """
create table customers (id int primary key, name text);
insert into customers select g, 'c' || g from generate_series(1, 50) g;
create table orders (
    id int primary key,
    customer_id int,
    status varchar(20),
    note text,
    total int,
    ref int
);
insert into orders select g, 1 + g % 50, 'new', 'n', g, g from generate_series(1, 500) g;
create index orders_total_idx on orders (total);
create unique index orders_ref_idx on orders (ref);
alter table orders add constraint orders_total_positive check (total > 0) not valid;
alter table orders add constraint orders_note_not_null check (note is not null);
create materialized view order_totals as select id as customer_id, length(name) as total from customers;
create unique index on order_totals (customer_id);
create table events (at date not null, what text) partition by range (at);
create table events_2026 (at date not null, what text);
insert into events_2026 values ('2026-03-01', 'x');
create table events_2027 (at date not null, what text,
    constraint events_2027_range check (at >= '2027-01-01' and at < '2028-01-01'));
create function next_token() returns text language sql volatile as $$ select md5(random()::text) $$;
analyze;
"""


@pytest.fixture(scope="module")
def app_database(pg: Any) -> Iterator[str]:
    """A database holding SCHEMA (orders, customers, ...), for a whole test module."""
    name = pg.create_database()
    with psycopg.connect(pg.dsn(name), autocommit=True) as conn:
        conn.execute(SCHEMA)
    yield pg.dsn(name)
    pg.drop_database(name)


@pytest.fixture
def app(app_database: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(app_database, autocommit=True) as conn:
        yield conn
