create schema if not exists s;
create or replace function s.f(a int, integer) returns int language sql as 'select 1';
create or replace function s.g(a int) returns int language sql as 'select 1';
create or replace function s.h(a int) returns int language sql as 'select 1';
