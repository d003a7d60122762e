-- Partitions detached into plain tables and plain tables attached as partitions, rows kept: a
-- detached partition keeps its parent's columns, keys, CHECKs and indexes as its own; a table
-- is attached once its columns are the parent's and it has the parent's CHECKs (its equal key
-- and index are merged into the parent's).
create table events (
  id integer,
  at date not null default current_date,
  note text,
  constraint events_id_check check (id > 0),
  primary key (id, at)
) partition by range (at);
create index events_at on events (at);
create table events_2025 partition of events for values from ('2025-01-01') to ('2026-01-01');
create table events_2024 (
  id integer not null,
  at date not null default current_date,
  note text,
  constraint events_id_check check (id > 0),
  primary key (id, at)
);
create index events_2024_at on events_2024 (at);
create table events_2023 (id integer, at date, note varchar(20));
insert into events values (1, '2025-02-02', 'in 2025');
insert into events_2024 values (2, '2024-02-02', 'in 2024');
insert into events_2023 values (3, '2023-02-02', 'in 2023');
