create function x.add_int(s integer, v integer) returns integer language sql as $$ select s + v $$;
create aggregate x.total(integer) (sfunc = x.add_int, stype = integer, initcond = '0');
create aggregate x.cnt(*) (sfunc = int8inc, stype = int8, initcond = '0', parallel = safe, combinefunc = int8pl);
create function x.fin(float8[], float8, float8) returns float8 language sql as $$ select $1[1] $$;
create function x.acc(float8[], float8) returns float8[] language sql as $$ select $1 || $2 $$;
create aggregate x.first_of(float8 order by float8) (sfunc = x.acc, stype = float8[], finalfunc = x.fin, finalfunc_extra, initcond = '{}');
create aggregate x.mymax(integer) (sfunc = int4larger, stype = integer, sortop = >);
create view x.totals as select x.total(id) as t, x.cnt(*) as c, x.mymax(id) as m from x.booking;
comment on aggregate x.total(integer) is 'sum';
