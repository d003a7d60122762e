--! Previous: sha1:13409e68b12b8d30d6e6e547f0853760cab45524
--! Hash: sha1:95f7d4320aa66c147f57ed78bc686324e974ada0
--! Message: From the header

drop table if exists b;
create table b (t text default 'é');
