drop view big_orders, order_totals;
create materialized view order_totals as select id, total * 2 as doubled from orders;
create unique index order_totals_id on order_totals (id);
create view big_orders as select id from order_totals where doubled > 20;
comment on materialized view order_totals is 'doubled totals';
grant select on order_totals to pg_monitor;
