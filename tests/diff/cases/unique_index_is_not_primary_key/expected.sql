-- destructive: drop index items_pkey on public.items
drop index "public"."items_pkey";

-- create constraint items_pkey on public.items
alter table "public"."items" add constraint "items_pkey" PRIMARY KEY (id);
