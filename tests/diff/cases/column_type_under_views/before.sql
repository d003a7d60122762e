create table items (id integer primary key, qty integer);
create view big as select id, qty from items where qty > 10;
create view big_ids as select id from big;
