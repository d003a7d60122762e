-- destructive: re-create enum public.mood (the old one renamed public.mood_old meanwhile)
alter type "public"."mood" rename to "mood_old";
create type "public"."mood" as enum ('ok', 'happy');

-- destructive: re-create domain public.score (the old one renamed public.score_old meanwhile)
alter domain "public"."score" rename to "score_old";
create domain "public"."score" as bigint constraint "score_check1" CHECK ((VALUE >= 0));

-- destructive: alter column public.t.m (type)
alter table "public"."t" alter column "m" type public.mood using "m"::text::public.mood;

-- destructive: alter column public.t.s (type)
alter table "public"."t" alter column "s" type public.score using "s"::public.score;

-- destructive: drop range type public.mood_range
drop type "public"."mood_range";

-- destructive: drop composite type public.note
drop type "public"."note";

-- destructive: drop enum public.mood_old
drop type "public"."mood_old";

-- destructive: drop domain public.top_score
drop domain "public"."top_score";

-- destructive: drop domain public.score_old
drop domain "public"."score_old";
