set check_function_bodies = false;

-- create function public.total_qty(VARIADIC ids integer[])
CREATE OR REPLACE FUNCTION public.total_qty(VARIADIC ids integer[])
 RETURNS bigint
 LANGUAGE sql
 STABLE
AS $function$ select sum(qty) from public.items where id = any(ids) $function$;
