-- drop (to re-create) index accounts_code on marks.accounts
drop index "marks"."accounts_code";

-- drop (to re-create) constraint plain_pkey on marks.plain
alter table "marks"."plain" drop constraint "plain_pkey";

-- create table marks.fresh
create table "marks"."fresh" (
  "id" integer not null,
  "tag" text
);

-- alter column marks."Keyed".note (not null)
alter table "marks"."Keyed" alter column "note" set not null;

-- set cluster index of table marks."Keyed": none
alter table "marks"."Keyed" set without cluster;

-- set cluster index of table marks.accounts: accounts_pkey
alter table "marks"."accounts" cluster on "accounts_pkey";

-- set replica identity of table marks.logs: nothing
alter table "marks"."logs" replica identity nothing;

-- create constraint plain_pkey on marks.plain
alter table "marks"."plain" add constraint "plain_pkey" PRIMARY KEY (id, n);

-- set cluster index of table marks.plain: plain_pkey
alter table "marks"."plain" cluster on "plain_pkey";

-- create index "Keyed note" on marks."Keyed"
CREATE UNIQUE INDEX "Keyed note" ON marks."Keyed" USING btree (note);

-- set replica identity of table marks."Keyed": using index "Keyed note"
alter table "marks"."Keyed" replica identity using index "Keyed note";

-- create index accounts_code on marks.accounts
CREATE UNIQUE INDEX accounts_code ON marks.accounts USING btree (code, id);

-- set replica identity of table marks.accounts: using index accounts_code
alter table "marks"."accounts" replica identity using index "accounts_code";

-- create index fresh_id on marks.fresh
CREATE UNIQUE INDEX fresh_id ON marks.fresh USING btree (id);

-- set replica identity of table marks.fresh: using index fresh_id
alter table "marks"."fresh" replica identity using index "fresh_id";

-- set cluster index of table marks.fresh: fresh_id
alter table "marks"."fresh" cluster on "fresh_id";
