create table keep (id integer primary key, old_note text, n serial);
create table gone (id integer primary key);
create index keep_old_note on keep (old_note);
