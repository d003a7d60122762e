-- An enum losing a label while a composite type's attribute and a domain use it, a table
-- stores both (the composite plain and as an array) and a function takes the composite.
-- ALTER TYPE ... ALTER ATTRIBUTE refuses a type that a column stores (and has no USING), so
-- the composite and the domain are rebuilt as the enum is: renamed, made again over the new
-- enum, their columns converted through text (neither casts to the new type otherwise), the
-- renamed ones dropped before the renamed enum they use.
create type mood as enum ('sad', 'ok', 'happy');
create type note as (day date, mood mood);
create domain known_mood as mood not null;
create table diary (id integer primary key, note note, past note[], today known_mood);
create function mood_of(n note) returns mood language sql as $$ select n.mood $$;
insert into diary values
  (1, ('2025-01-01', 'happy'), array[('2025-01-02', 'ok')::note, null], 'ok'),
  (2, ('2025-01-03', null), null, 'happy'),
  (3, null, '{}', 'ok');
