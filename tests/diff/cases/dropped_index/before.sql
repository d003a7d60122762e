create table items (id integer primary key, name text);
create index items_name on items (name);
