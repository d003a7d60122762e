-- The default needs the function, the function's SQL-standard body (PostgreSQL 14+) needs the
-- table: the table is created first without the default, as pg_dump does.
create table app.tickets (id integer, number integer);
create function app.next_number() returns integer language sql
  begin atomic select coalesce(max(number), 0)::integer + 1 from app.tickets; end;
alter table app.tickets alter column number set default app.next_number();
