alter table sales detach partition sales_eu;
alter table sales detach partition sales_us;
drop table sales;
create table sales (id integer, region text not null, amount numeric)
  partition by list (lower(region));
alter table sales attach partition sales_eu for values in ('eu');
alter table sales attach partition sales_us for values in ('us');
