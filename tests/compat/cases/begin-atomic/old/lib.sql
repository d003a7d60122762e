create schema if not exists s;
create or replace function s.f(a int) returns int
begin atomic
  select 1;
  select a;
end;
