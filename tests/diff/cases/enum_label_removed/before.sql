-- An enum losing a label while columns (plain and arrays, with defaults, a foreign key between
-- two), an index, a view and functions use it: renamed out of the way, the new one created,
-- the columns converted through text, the old one dropped. A function that goes is dropped
-- before the rename, the foreign key before the columns are converted.
create type mood as enum ('sad', 'ok', 'happy');
create table people (id integer primary key, mood mood not null default 'ok', past mood[]);
create index happy_people on people (id) where mood = 'happy';
create view moods as select id, mood from people;
create function cheer(m mood) returns mood language sql as $$ select 'happy'::mood $$;
create function sigh(m mood) returns mood language sql as $$ select m $$;
create table known_moods (mood mood primary key);
create table diary (day date, mood mood references known_moods);
insert into people values (1, 'happy', '{ok,happy}'), (2, 'ok', null);
insert into known_moods values ('ok'), ('happy');
insert into diary values ('2025-01-01', 'ok');
