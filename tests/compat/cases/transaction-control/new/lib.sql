begin;
create schema if not exists s;
create or replace function s.f(b int) returns int language sql as 'select 1';
commit;
