create domain score as integer check (value >= 0);
create table items (id integer not null, s score);
