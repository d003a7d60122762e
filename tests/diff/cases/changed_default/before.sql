create table items (id integer primary key, status text default 'new', seen boolean);
