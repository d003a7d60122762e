-- create table app.items
create table "app"."items" (
  "id" bigint not null generated always as identity (sequence name "app"."items_id_seq" increment by 1 minvalue 1 maxvalue 9223372036854775807 start with 1 cache 1 no cycle),
  "name" text not null,
  "price" numeric(10,2) default 0
);
comment on table "app"."items" is 'things for sale';

-- create constraint items_pkey on app.items
alter table "app"."items" add constraint "items_pkey" PRIMARY KEY (id);

-- create constraint items_price_check on app.items
alter table "app"."items" add constraint "items_price_check" CHECK ((price >= (0)::numeric));
