-- drop (to re-create) view "Shop".paid
drop view "Shop"."paid";

-- destructive: alter column "Shop".orders.state (type, default)
alter table "Shop"."orders" alter column "state" drop default;
alter table "Shop"."orders" alter column "state" type "Shop".state using "state"::text::"Shop".state;
alter table "Shop"."orders" alter column "state" set default 'new'::"Shop".state;

-- destructive: alter column "Shop".orders.history (type, default)
alter table "Shop"."orders" alter column "history" drop default;
alter table "Shop"."orders" alter column "history" type "Shop".state[] using "history"::text::"Shop".state[];
alter table "Shop"."orders" alter column "history" set default '{new}'::"Shop".state[];

-- create view "Shop".paid
create view "Shop"."paid" as
 SELECT id
   FROM "Shop".orders
  WHERE (state = 'paid'::"Shop".state);
