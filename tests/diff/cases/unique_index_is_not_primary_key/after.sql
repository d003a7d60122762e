drop index items_pkey;
alter table items add constraint items_pkey primary key (id);
