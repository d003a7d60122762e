-- drop (to re-create) view public.big_orders
drop view "public"."big_orders";

-- drop (to re-create) view public.order_totals
drop view "public"."order_totals";

-- create materialized view public.order_totals
create materialized view "public"."order_totals" as
 SELECT id,
    (total * (2)::numeric) AS doubled
   FROM public.orders;
comment on materialized view "public"."order_totals" is 'doubled totals';

-- create index order_totals_id on public.order_totals
CREATE UNIQUE INDEX order_totals_id ON public.order_totals USING btree (id);

-- create view public.big_orders
create view "public"."big_orders" as
 SELECT id
   FROM public.order_totals
  WHERE (doubled > (20)::numeric);

-- change privileges on materialized view public.order_totals
grant select on table "public"."order_totals" to "pg_monitor";
