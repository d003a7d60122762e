create type x.floatrange as range (subtype = float8, subtype_diff = float8mi);
create type x.textrange as range (subtype = text, collation = "C");
comment on type x.floatrange is 'floats';
create table x.booking (id integer primary key, during tsrange, f x.floatrange, t x.textrange);
create table x.other_parent (code text);
create table x.child (extra integer, note text) inherits (x.parent, x.other_parent);
create table "x"."Ünïcode ""quoted""" ("Spalte ü" integer);
