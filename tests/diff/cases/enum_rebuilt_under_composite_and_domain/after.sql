drop function mood_of(note);
alter type mood rename to mood_before;
create type mood as enum ('ok', 'happy');
alter type note rename to note_before;
create type note as (day date, mood mood);
alter domain known_mood rename to known_mood_before;
create domain known_mood as mood not null;
alter table diary
  alter column note type note using note::text::note,
  alter column past type note[] using past::text::note[],
  alter column today type known_mood using today::text::known_mood;
drop type note_before;
drop domain known_mood_before;
drop type mood_before;
create function mood_of(n note) returns mood language sql as $$ select n.mood $$;
