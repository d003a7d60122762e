-- destructive: drop index items_name on public.items
drop index "public"."items_name";
