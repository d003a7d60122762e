create table docs (id integer primary key, owner_name text not null);
