-- Types built on an enum and a domain that are rebuilt (a domain over the domain, a composite
-- and a range type over the enum) which the source drops: each still uses the renamed type
-- until it is dropped, so it goes before the renamed one, which cannot be dropped while it
-- exists (found by review: they were dropped after it).
create type mood as enum ('sad', 'ok', 'happy');
create domain score as integer check (value >= 0);
create table t (id integer primary key, m mood, s score);
insert into t values (1, 'ok', 3), (2, 'happy', 0);
create domain top_score as score check (value > 100);
create type note as (m mood, k integer);
create type mood_range as range (subtype = mood);
