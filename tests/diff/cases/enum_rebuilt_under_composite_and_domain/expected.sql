set check_function_bodies = false;

-- drop (to re-create) function public.mood_of(n public.note)
drop function "public"."mood_of"(n public.note);

-- destructive: re-create enum public.mood (the old one renamed public.mood_old meanwhile)
alter type "public"."mood" rename to "mood_old";
create type "public"."mood" as enum ('ok', 'happy');

-- destructive: re-create domain public.known_mood (the old one renamed public.known_mood_old meanwhile)
alter domain "public"."known_mood" rename to "known_mood_old";
create domain "public"."known_mood" as public.mood not null;

-- destructive: re-create composite type public.note (the old one renamed public.note_old meanwhile)
alter type "public"."note" rename to "note_old";
create type "public"."note" as ("day" date, "mood" public.mood);

-- destructive: alter column public.diary.note (type)
alter table "public"."diary" alter column "note" type public.note using "note"::text::public.note;

-- destructive: alter column public.diary.past (type)
alter table "public"."diary" alter column "past" type public.note[] using "past"::text::public.note[];

-- destructive: alter column public.diary.today (type)
alter table "public"."diary" alter column "today" type public.known_mood using "today"::text::public.known_mood;

-- create function public.mood_of(n public.note)
CREATE OR REPLACE FUNCTION public.mood_of(n public.note)
 RETURNS public.mood
 LANGUAGE sql
AS $function$ select n.mood $function$;

-- destructive: drop domain public.known_mood_old
drop domain "public"."known_mood_old";

-- destructive: drop composite type public.note_old
drop type "public"."note_old";

-- destructive: drop enum public.mood_old
drop type "public"."mood_old";
