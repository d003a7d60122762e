drop view moods;
drop function cheer(mood);
drop function sigh(mood);
drop index happy_people;
alter table diary drop constraint diary_mood_fkey;
alter type mood rename to mood_before;
create type mood as enum ('ok', 'happy');
alter table people
  alter column mood drop default,
  alter column mood type mood using mood::text::mood,
  alter column mood set default 'ok',
  alter column past type mood[] using past::text::mood[];
alter table known_moods alter column mood type mood using mood::text::mood;
alter table diary alter column mood type mood using mood::text::mood;
alter table diary add constraint diary_mood_fkey foreign key (mood) references known_moods;
drop type mood_before;
create index happy_people on people (id) where mood = 'happy';
create view moods as select id, mood from people;
create function cheer(m mood) returns mood language sql as $$ select 'happy'::mood $$;
