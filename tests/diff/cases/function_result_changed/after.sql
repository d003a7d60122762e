drop function label(integer);
create function label(i integer) returns varchar language sql as $$ select ('n' || i)::varchar $$;
create or replace function bump() returns trigger language plpgsql as $$ begin new.n := new.n + 2; return new; end $$;
