create schema if not exists s;
-- a comment before

CREATE OR REPLACE FUNCTION s.f(a bigint) returns int language sql as 'select 1';
