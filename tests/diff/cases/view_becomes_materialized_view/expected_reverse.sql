-- drop (to re-create) view public.big_orders
drop view "public"."big_orders";

-- destructive: drop index order_totals_id on public.order_totals
drop index "public"."order_totals_id";

-- drop (to re-create) materialized view public.order_totals
drop materialized view "public"."order_totals";

-- create view public.order_totals
create view "public"."order_totals" as
 SELECT id,
    (total * (2)::numeric) AS doubled
   FROM public.orders;
comment on view "public"."order_totals" is 'doubled totals';

-- create view public.big_orders
create view "public"."big_orders" as
 SELECT id
   FROM public.order_totals
  WHERE (doubled > (20)::numeric);

-- change privileges on view public.order_totals
grant select on table "public"."order_totals" to "pg_monitor";
