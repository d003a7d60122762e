create table app.items (
  id bigint generated always as identity primary key,
  name text not null,
  price numeric(10, 2) default 0 check (price >= 0)
);
comment on table app.items is 'things for sale';
