-- drop (to re-create) rule "Keep Orders" on public.orders
drop rule "Keep Orders" on "public"."orders";

-- destructive: drop rule gone on public.orders
drop rule "gone" on "public"."orders";

-- drop (to re-create) rule log_insert on public.orders
drop rule "log_insert" on "public"."orders";

-- destructive: alter column public.order_log.qty (type)
alter table "public"."order_log" alter column "qty" type integer using "qty"::integer;

-- create rule "Keep Orders" on public.orders
CREATE RULE "Keep Orders" AS
    ON DELETE TO public.orders
   WHERE (old.qty > 0) DO INSTEAD NOTHING;
alter table "public"."orders" disable rule "Keep Orders";

-- create rule big_orders_insert on public.big_orders
CREATE RULE big_orders_insert AS
    ON INSERT TO public.big_orders DO INSTEAD  INSERT INTO public.orders (id, qty)
  VALUES (new.id, new.qty);
comment on rule "big_orders_insert" on "public"."big_orders" is 'writable view';

-- create rule log_insert on public.orders
CREATE RULE log_insert AS
    ON INSERT TO public.orders DO  INSERT INTO public.order_log (id, qty)
  VALUES (new.id, new.qty);
