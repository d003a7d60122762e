drop view best;
drop function doubled(score);
alter table games drop constraint games_prize_fkey;
alter domain score rename to score_before;
alter domain high_score rename to high_score_before;
alter domain sku rename to sku_before;
create domain score as bigint check (value >= 0);
create domain high_score as score check (value >= 100);
create domain sku as text;
alter table products alter column sku type sku using sku::sku;
alter table games
  alter column score drop default,
  alter column score type score using score::score,
  alter column score set default 0,
  alter column history type score[] using history::score[],
  alter column record type high_score using record::high_score,
  alter column prize type sku using prize::sku;
alter table games add constraint games_prize_fkey foreign key (prize) references products;
drop domain high_score_before;
drop domain score_before;
drop domain sku_before;
create view best as select id from games where score > 10;
create function doubled(s score) returns score language sql as $$ select s * 2 $$;
