-- destructive: drop table public.b
drop table "public"."b";

-- destructive: drop table public.a
drop table "public"."a";
