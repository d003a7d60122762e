-- Generated columns whose type changes, a domain's that is rebuilt (another base type) and a
-- plain one: PostgreSQL converts a generated column only without USING, its expression making
-- the new values (found by review: the plan wrote USING and the server refused it).
create domain score as integer check (value >= 0);
create table g (
  id integer primary key,
  doubled score generated always as (id * 2) stored,
  next integer generated always as (id + 1) stored
);
insert into g values (1), (2);
