create schema if not exists s;
create or replace function s.f(a int, out x int, out z int) language sql as 'select 1, 2';
