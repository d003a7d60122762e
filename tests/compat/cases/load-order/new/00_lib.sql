create schema if not exists s;
create or replace function s.f(a int) returns int language sql as $$select a$$;
