create schema if not exists s;
create or replace function s.f(a int) returns table (id int) language sql as $$select a$$;
create or replace function s.g(a int, out total int) language sql as $$select a$$;
