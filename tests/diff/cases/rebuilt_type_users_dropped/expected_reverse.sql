-- add value 'sad' to enum public.mood
alter type "public"."mood" add value 'sad' before 'ok';

-- create range type public.mood_range
create type "public"."mood_range" as range (subtype = public.mood);

-- create composite type public.note
create type "public"."note" as ("m" public.mood, "k" integer);

-- destructive: re-create domain public.score (the old one renamed public.score_old meanwhile)
alter domain "public"."score" rename to "score_old";
create domain "public"."score" as integer constraint "score_check" CHECK ((VALUE >= 0));

-- create domain public.top_score
create domain "public"."top_score" as public.score constraint "top_score_check" CHECK (((VALUE)::integer > 100));

-- destructive: alter column public.t.s (type)
alter table "public"."t" alter column "s" type public.score using "s"::public.score;

-- destructive: drop domain public.score_old
drop domain "public"."score_old";
