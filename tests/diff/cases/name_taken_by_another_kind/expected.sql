-- drop (to re-create) function public.f(integer)
drop function "public"."f"(integer);

-- destructive: drop (to re-create) table public.z
drop table "public"."z";

-- destructive: drop (to re-create) sequence public.x
drop sequence "public"."x";

-- destructive: drop (to re-create) enum public.kind
drop type "public"."kind";

-- destructive: drop (to re-create) enum public.y
drop type "public"."y";

-- create domain public.kind
create domain "public"."kind" as text constraint "kind_check" CHECK ((VALUE = ANY (ARRAY['a'::text, 'b'::text])));

-- create composite type public.z
create type "public"."z" as ("a" integer);

-- create table public.x
create table "public"."x" (
  "id" integer
);

-- create table public.y
create table "public"."y" (
  "id" integer
);

-- create aggregate public.f(integer)
create aggregate "public"."f"(integer) (sfunc = int4pl, stype = integer, parallel = unsafe);
