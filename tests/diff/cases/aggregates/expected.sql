set check_function_bodies = false;

-- create function x.acc(double precision[], double precision)
CREATE OR REPLACE FUNCTION x.acc(double precision[], double precision)
 RETURNS double precision[]
 LANGUAGE sql
AS $function$ select $1 || $2 $function$;

-- create function x.add_int(s integer, v integer)
CREATE OR REPLACE FUNCTION x.add_int(s integer, v integer)
 RETURNS integer
 LANGUAGE sql
AS $function$ select s + v $function$;

-- create aggregate x.cnt()
create aggregate "x"."cnt"(*) (sfunc = int8inc, stype = bigint, combinefunc = int8pl, initcond = '0', parallel = safe);

-- create function x.fin(double precision[], double precision, double precision)
CREATE OR REPLACE FUNCTION x.fin(double precision[], double precision, double precision)
 RETURNS double precision
 LANGUAGE sql
AS $function$ select $1[1] $function$;

-- create aggregate x.first_of(double precision ORDER BY double precision)
create aggregate "x"."first_of"(double precision ORDER BY double precision) (sfunc = x.acc, stype = double precision[], finalfunc = x.fin, finalfunc_extra, finalfunc_modify = read_write, initcond = '{}', parallel = unsafe);

-- create aggregate x.mymax(integer)
create aggregate "x"."mymax"(integer) (sfunc = int4larger, stype = integer, sortop = OPERATOR(pg_catalog.>), parallel = unsafe);

-- create aggregate x.total(integer)
create aggregate "x"."total"(integer) (sfunc = x.add_int, stype = integer, initcond = '0', parallel = unsafe);
comment on aggregate "x"."total"(integer) is 'sum';

-- create view x.totals
create view "x"."totals" as
 SELECT x.total(id) AS t,
    x.cnt(*) AS c,
    x.mymax(id) AS m
   FROM x.booking;
