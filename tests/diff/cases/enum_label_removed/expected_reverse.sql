set check_function_bodies = false;

-- add value 'sad' to enum public.mood
alter type "public"."mood" add value 'sad' before 'ok';

-- create function public.sigh(m public.mood)
CREATE OR REPLACE FUNCTION public.sigh(m public.mood)
 RETURNS public.mood
 LANGUAGE sql
AS $function$ select m $function$;
