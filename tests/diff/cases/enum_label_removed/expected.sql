set check_function_bodies = false;

-- drop (to re-create) view public.moods
drop view "public"."moods";

-- drop (to re-create) index happy_people on public.people
drop index "public"."happy_people";

-- drop (to re-create) function public.cheer(m public.mood)
drop function "public"."cheer"(m public.mood);

-- destructive: drop function public.sigh(m public.mood)
drop function "public"."sigh"(m public.mood);

-- drop (to re-create) constraint diary_mood_fkey on public.diary
alter table "public"."diary" drop constraint "diary_mood_fkey";

-- destructive: re-create enum public.mood (the old one renamed public.mood_old meanwhile)
alter type "public"."mood" rename to "mood_old";
create type "public"."mood" as enum ('ok', 'happy');

-- destructive: alter column public.diary.mood (type)
alter table "public"."diary" alter column "mood" type public.mood using "mood"::text::public.mood;

-- destructive: alter column public.known_moods.mood (type)
alter table "public"."known_moods" alter column "mood" type public.mood using "mood"::text::public.mood;

-- destructive: alter column public.people.mood (type)
alter table "public"."people" alter column "mood" drop default;
alter table "public"."people" alter column "mood" type public.mood using "mood"::text::public.mood;
alter table "public"."people" alter column "mood" set default 'ok'::public.mood;

-- destructive: alter column public.people.past (type)
alter table "public"."people" alter column "past" type public.mood[] using "past"::text::public.mood[];

-- create constraint diary_mood_fkey on public.diary
alter table "public"."diary" add constraint "diary_mood_fkey" FOREIGN KEY (mood) REFERENCES public.known_moods(mood);

-- create function public.cheer(m public.mood)
CREATE OR REPLACE FUNCTION public.cheer(m public.mood)
 RETURNS public.mood
 LANGUAGE sql
AS $function$ select 'happy'::mood $function$;

-- create index happy_people on public.people
CREATE INDEX happy_people ON public.people USING btree (id) WHERE (mood = 'happy'::public.mood);

-- create view public.moods
create view "public"."moods" as
 SELECT id,
    mood
   FROM public.people;

-- destructive: drop enum public.mood_old
drop type "public"."mood_old";
