create type "Sales Dept"."Order-State" as enum ('new', 'Shipped Out');
create table "Sales Dept"."Order Lines" (
  "Line-Id" serial primary key,
  "State" "Sales Dept"."Order-State" not null default 'new',
  "Qty" integer check ("Qty" > 0)
);
create index "Lines By State" on "Sales Dept"."Order Lines" ("State");
create function "Sales Dept"."Line Total"("Line" "Sales Dept"."Order Lines") returns integer
  language sql as $$ select ("Line")."Qty" $$;
create view "Sales Dept"."Open Lines" as select * from "Sales Dept"."Order Lines" where "State" = 'new';
comment on column "Sales Dept"."Order Lines"."Qty" is 'how many';
