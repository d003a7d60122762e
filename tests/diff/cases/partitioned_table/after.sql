create table "P s"."M t" (id integer, at date not null) partition by range (at);
create table "P s"."M 1" partition of "P s"."M t" for values from ('2024-01-01') to ('2025-01-01');
create table "P s"."M 2" partition of "P s"."M t" for values from ('2025-01-01') to ('2026-01-01');
create index "M at" on "P s"."M t" (at) where id > 0;
alter table "P s"."M t" add primary key (id, at);
