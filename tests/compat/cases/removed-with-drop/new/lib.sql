create schema if not exists s;
create or replace function s.kept() returns int language sql as 'select 1';
-- s.gone: removed 2026-01-10, use s.kept() instead.
drop function if exists s.gone(int4);
