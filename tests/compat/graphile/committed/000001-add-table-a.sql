--! Previous: -
--! Hash: sha1:13409e68b12b8d30d6e6e547f0853760cab45524
--! Message: Add table A!

drop table if exists a;
create table a (id int primary key);
