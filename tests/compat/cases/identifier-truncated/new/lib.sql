create schema if not exists s;
create or replace function s.ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff() returns int language sql as 'select 1';
