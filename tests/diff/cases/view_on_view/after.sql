create view stocked as select id, qty from items where qty > 0;
create view stocked_count as select count(*) as n from stocked;
