set check_function_bodies = false;

-- drop (to re-create) view public.best
drop view "public"."best";

-- drop (to re-create) function public.doubled(s public.score)
drop function "public"."doubled"(s public.score);

-- drop (to re-create) constraint games_prize_fkey on public.games
alter table "public"."games" drop constraint "games_prize_fkey";

-- destructive: re-create domain public.score (the old one renamed public.score_old meanwhile)
alter domain "public"."score" rename to "score_old";
create domain "public"."score" as bigint constraint "score_check1" CHECK ((VALUE >= 0));

-- destructive: re-create domain public.high_score (the old one renamed public.high_score_old meanwhile)
alter domain "public"."high_score" rename to "high_score_old";
create domain "public"."high_score" as public.score constraint "high_score_check1" CHECK (((VALUE)::bigint >= 100));

-- destructive: re-create domain public.sku (the old one renamed public.sku_old meanwhile)
alter domain "public"."sku" rename to "sku_old";
create domain "public"."sku" as text;

-- destructive: alter column public.games.score (type)
alter table "public"."games" alter column "score" drop default;
alter table "public"."games" alter column "score" type public.score using "score"::public.score;
alter table "public"."games" alter column "score" set default 0;

-- destructive: alter column public.games.history (type)
alter table "public"."games" alter column "history" type public.score[] using "history"::public.score[];

-- destructive: alter column public.games.record (type)
alter table "public"."games" alter column "record" type public.high_score using "record"::public.high_score;

-- destructive: alter column public.games.prize (type)
alter table "public"."games" alter column "prize" type public.sku using "prize"::public.sku;

-- destructive: alter column public.products.sku (type)
alter table "public"."products" alter column "sku" type public.sku using "sku"::public.sku;

-- create constraint games_prize_fkey on public.games
alter table "public"."games" add constraint "games_prize_fkey" FOREIGN KEY (prize) REFERENCES public.products(sku);

-- create function public.doubled(s public.score)
CREATE OR REPLACE FUNCTION public.doubled(s public.score)
 RETURNS public.score
 LANGUAGE sql
AS $function$ select s * 2 $function$;

-- create view public.best
create view "public"."best" as
 SELECT id
   FROM public.games
  WHERE ((score)::bigint > 10);

-- destructive: drop domain public.high_score_old
drop domain "public"."high_score_old";

-- destructive: drop domain public.score_old
drop domain "public"."score_old";

-- destructive: drop domain public.sku_old
drop domain "public"."sku_old";
