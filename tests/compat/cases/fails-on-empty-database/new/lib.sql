create schema if not exists s;
-- the table was left out of the new version
comment on table s.t is 'still used';
