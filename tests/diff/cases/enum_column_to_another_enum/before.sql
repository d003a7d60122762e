-- Columns moving from one enum type to another: an enum casts only to text, so the values go
-- through text; defaults naming the old type are dropped first and set again.
create schema "Shop";
create type "Shop"."Order State" as enum ('new', 'paid');
create type "Shop".state as enum ('new', 'paid', 'shipped');
create table "Shop".orders (
  id integer primary key,
  state "Shop"."Order State" not null default 'new',
  history "Shop"."Order State"[] default '{new}'
);
create view "Shop".paid as select id from "Shop".orders where state = 'paid';
insert into "Shop".orders values (1, 'paid', '{new,paid}'), (2, 'new', default);
