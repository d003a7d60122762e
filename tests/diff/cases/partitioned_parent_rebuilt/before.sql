-- A partitioned table whose partition key changes is dropped and created again; its partitions,
-- whose bounds read the same, are detached first and attached to the new one, rows kept.
create table sales (id integer, region text not null, amount numeric) partition by list (region);
create table sales_eu partition of sales for values in ('eu');
create table sales_us partition of sales for values in ('us');
insert into sales values (1, 'eu', 10), (2, 'us', 20);
