create schema x;
create table x.booking (id integer primary key, v float8);
