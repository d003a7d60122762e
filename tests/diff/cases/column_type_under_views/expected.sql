-- drop (to re-create) view public.big_ids
drop view "public"."big_ids";

-- drop (to re-create) view public.big
drop view "public"."big";

-- destructive: alter column public.items.qty (type)
alter table "public"."items" alter column "qty" type bigint using "qty"::bigint;

-- create view public.big
create view "public"."big" as
 SELECT id,
    qty
   FROM public.items
  WHERE (qty > 10);

-- create view public.big_ids
create view "public"."big_ids" as
 SELECT id
   FROM public.big;
