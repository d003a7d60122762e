create schema if not exists s;
create table if not exists s.t (id int);
