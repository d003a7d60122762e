create schema x;
create table x.parent (id integer, note text);
