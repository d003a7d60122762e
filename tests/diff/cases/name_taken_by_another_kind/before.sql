create sequence x;
create type y as enum ('a');
create table z (id integer);
create type kind as enum ('a', 'b');
create function f(integer) returns integer language sql as $$ select 1 $$;
