create sequence tickets as integer increment by 1 start 1;
create table items (id serial primary key);
