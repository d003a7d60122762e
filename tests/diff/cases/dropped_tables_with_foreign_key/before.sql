create table a (id integer primary key);
create table b (id integer primary key, a_id integer references a (id));
create table c (id integer);
