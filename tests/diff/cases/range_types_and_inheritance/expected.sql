-- create range type x.floatrange
create type "x"."floatrange" as range (subtype = double precision, subtype_diff = float8mi);
comment on type "x"."floatrange" is 'floats';

-- create range type x.textrange
create type "x"."textrange" as range (subtype = text, collation = pg_catalog."C");

-- create table x.booking
create table "x"."booking" (
  "id" integer not null,
  "during" tsrange,
  "f" x.floatrange,
  "t" x.textrange
);

-- create table x.other_parent
create table "x"."other_parent" (
  "code" text
);

-- create table x.child
create table "x"."child" (
  "note" text,
  "extra" integer
) inherits (x.parent, x.other_parent);

-- create table x."Ünïcode ""quoted"""
create table "x"."Ünïcode ""quoted""" (
  "Spalte ü" integer
);

-- create constraint booking_pkey on x.booking
alter table "x"."booking" add constraint "booking_pkey" PRIMARY KEY (id);
