create schema if not exists s;
create or replace function s.f(a int, b int default 0) returns int language sql as $$select a + b$$;
