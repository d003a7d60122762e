create table items (id integer not null);
create unique index items_pkey on items (id);
