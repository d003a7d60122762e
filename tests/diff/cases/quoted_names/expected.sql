set check_function_bodies = false;

-- create enum "Sales Dept"."Order-State"
create type "Sales Dept"."Order-State" as enum ('new', 'Shipped Out');

-- create sequence "Sales Dept"."Order Lines_Line-Id_seq"
create sequence "Sales Dept"."Order Lines_Line-Id_seq" as integer increment by 1 minvalue 1 maxvalue 2147483647 start with 1 cache 1 no cycle;

-- create table "Sales Dept"."Order Lines"
create table "Sales Dept"."Order Lines" (
  "Line-Id" integer default nextval('"Sales Dept"."Order Lines_Line-Id_seq"'::regclass) not null,
  "State" "Sales Dept"."Order-State" default 'new'::"Sales Dept"."Order-State" not null,
  "Qty" integer
);
comment on column "Sales Dept"."Order Lines"."Qty" is 'how many';

-- create constraint "Order Lines_Qty_check" on "Sales Dept"."Order Lines"
alter table "Sales Dept"."Order Lines" add constraint "Order Lines_Qty_check" CHECK (("Qty" > 0));

-- create constraint "Order Lines_pkey" on "Sales Dept"."Order Lines"
alter table "Sales Dept"."Order Lines" add constraint "Order Lines_pkey" PRIMARY KEY ("Line-Id");

-- create function "Sales Dept"."Line Total"("Line" "Sales Dept"."Order Lines")
CREATE OR REPLACE FUNCTION "Sales Dept"."Line Total"("Line" "Sales Dept"."Order Lines")
 RETURNS integer
 LANGUAGE sql
AS $function$ select ("Line")."Qty" $function$;

-- create index "Lines By State" on "Sales Dept"."Order Lines"
CREATE INDEX "Lines By State" ON "Sales Dept"."Order Lines" USING btree ("State");

-- create view "Sales Dept"."Open Lines"
create view "Sales Dept"."Open Lines" as
 SELECT "Line-Id",
    "State",
    "Qty"
   FROM "Sales Dept"."Order Lines"
  WHERE ("State" = 'new'::"Sales Dept"."Order-State");

-- set sequence "Sales Dept"."Order Lines_Line-Id_seq" owned by "Sales Dept"."Order Lines"."Line-Id"
alter sequence "Sales Dept"."Order Lines_Line-Id_seq" owned by "Sales Dept"."Order Lines"."Line-Id";
