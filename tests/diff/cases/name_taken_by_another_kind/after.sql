-- Each name now belongs to another kind of object: the old one is dropped first.
drop sequence x;
create table x (id integer);
drop type y;
create table y (id integer);
drop table z;
create type z as (a integer);
drop type kind;
create domain kind as text check (value in ('a', 'b'));
drop function f(integer);
create aggregate f(integer) (sfunc = int4pl, stype = integer);
