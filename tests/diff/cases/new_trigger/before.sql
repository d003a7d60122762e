create table items (id integer primary key, updated_at timestamptz);
