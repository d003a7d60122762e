-- Domains whose base type changes while columns use them (plain, an array, with a default, a
-- foreign key between two), a domain over one of them, a view and a function: ALTER DOMAIN
-- cannot change a base type and DROP DOMAIN refuses while a column uses it, so each is rebuilt
-- as an enum is: renamed, made again, the columns converted (a domain casts as its base type
-- does), the renamed ones dropped (the domain over another first). The foreign key goes and
-- comes back: its two columns are converted one table at a time, text against integer between.
create domain score as integer check (value >= 0);
create domain high_score as score check (value >= 100);
create domain sku as integer;
create table products (sku sku primary key);
create table games (
  id integer primary key,
  score score not null default 0,
  history score[],
  record high_score,
  prize sku references products
);
create view best as select id from games where score > 10;
create function doubled(s score) returns score language sql as $$ select s * 2 $$;
insert into products values (7), (8);
insert into games values (1, 12, '{1,2}', 120, 7), (2, 0, null, null, null);
