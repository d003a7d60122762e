drop view big_ids;
drop view big;
alter table items alter column qty type bigint;
create view big as select id, qty from items where qty > 10;
create view big_ids as select id from big;
