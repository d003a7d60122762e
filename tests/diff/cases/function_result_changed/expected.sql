set check_function_bodies = false;

-- drop (to re-create) function public.label(i integer)
drop function "public"."label"(i integer);

-- create function public.label(i integer)
CREATE OR REPLACE FUNCTION public.label(i integer)
 RETURNS character varying
 LANGUAGE sql
AS $function$ select ('n' || i)::varchar $function$;

-- replace function public.bump()
CREATE OR REPLACE FUNCTION public.bump()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$ begin new.n := new.n + 2; return new; end $function$;
