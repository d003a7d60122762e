alter sequence tickets as bigint increment by 10 minvalue 5 maxvalue 100000 start with 5 restart with 5 cache 2 cycle;
alter sequence items_id_seq increment by 2;
