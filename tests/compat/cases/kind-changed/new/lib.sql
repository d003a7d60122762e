create schema if not exists s;
create or replace procedure s.f(a int) language sql as 'select 1';
