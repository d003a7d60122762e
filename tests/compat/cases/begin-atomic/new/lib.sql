create schema if not exists s;
create or replace function s.f(b int) returns int
begin atomic
  select 1;
  select b;
end;
