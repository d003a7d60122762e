create schema if not exists s;
-- body changed, a name given to an unnamed parameter, a default added
CREATE OR REPLACE FUNCTION s.f(a int4, b int default 2) RETURNS int4 LANGUAGE sql AS 'select 2';
create or replace function s.g(a int) returns int language sql as 'select 1';
comment on function s.g(int) is 'documented now';
-- a new function
create or replace function s.added(x text) returns text language sql as 'select x';
-- return type changed the explicit way: dropped first
drop function if exists s.h(integer);
create or replace function s.h(a int) returns bigint language sql as 'select 1';
