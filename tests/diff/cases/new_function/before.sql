create table items (id integer primary key, qty integer);
