create table items (id integer primary key, name text, qty integer);
