-- destructive: re-create domain public.score (the old one renamed public.score_old meanwhile)
alter domain "public"."score" rename to "score_old";
create domain "public"."score" as bigint constraint "score_check1" CHECK ((VALUE >= 0));

-- destructive: alter column public.g.doubled (type)
alter table "public"."g" alter column "doubled" type public.score;

-- destructive: alter column public.g.next (type)
alter table "public"."g" alter column "next" type bigint;

-- destructive: drop domain public.score_old
drop domain "public"."score_old";
