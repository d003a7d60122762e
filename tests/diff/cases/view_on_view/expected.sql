-- create view public.stocked
create view "public"."stocked" as
 SELECT id,
    qty
   FROM public.items
  WHERE (qty > 0);

-- create view public.stocked_count
create view "public"."stocked_count" as
 SELECT count(*) AS n
   FROM public.stocked;
