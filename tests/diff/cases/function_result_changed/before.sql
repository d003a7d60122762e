create table items (id integer primary key, n integer);
create function bump() returns trigger language plpgsql as $$ begin new.n := new.n + 1; return new; end $$;
create trigger items_bump before insert on items for each row execute function bump();
create function label(i integer) returns text language sql as $$ select 'n' || i $$;
