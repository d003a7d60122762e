-- A view that becomes a materialized view with the same query (and back): views on top of it
-- are created again with it, its comment and grants come back.
create table orders (id integer primary key, total numeric);
insert into orders values (1, 10), (2, 32.5);
create view order_totals as select id, total * 2 as doubled from orders;
create view big_orders as select id from order_totals where doubled > 20;
comment on view order_totals is 'doubled totals';
grant select on order_totals to pg_monitor;
