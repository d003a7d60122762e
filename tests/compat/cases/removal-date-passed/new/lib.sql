create schema if not exists s;
create or replace function s.kept() returns int language sql as 'select 1';
-- Deprecated: use s.kept(). Remove after 2020-01-31.
create or replace function s.old_one() returns int language sql as 'select 1';
-- remove after 2999-01-01
create or replace function s.later() returns int language sql as 'select 1';
