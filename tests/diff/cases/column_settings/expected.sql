-- create table tuning."Metrics"
create table "tuning"."Metrics" (
  "value" numeric,
  "label" text
);

-- set statistics of column tuning."Metrics".value
alter table "tuning"."Metrics" alter column "value" set statistics 1000;

-- set storage, options of column tuning."Metrics".label
alter table "tuning"."Metrics" alter column "label" set storage main;
alter table "tuning"."Metrics" alter column "label" set (n_distinct=42);

-- destructive: alter column tuning.events.note (type)
alter table "tuning"."events" alter column "note" type text using "note"::text;

-- add column tuning.events.extra
alter table "tuning"."events" add column "extra" text;

-- set statistics of column tuning.events.id
alter table "tuning"."events" alter column "id" set statistics 0;

-- set statistics of column tuning.events.kind
alter table "tuning"."events" alter column "kind" set statistics -1;

-- set storage of column tuning.events.payload
alter table "tuning"."events" alter column "payload" set storage main;

-- set storage of column tuning.events.body
alter table "tuning"."events" alter column "body" set storage extended;

-- set storage of column tuning.events.note
alter table "tuning"."events" alter column "note" set storage main;

-- set options of column tuning.events."Odd Name"
alter table "tuning"."events" alter column "Odd Name" reset (n_distinct);
alter table "tuning"."events" alter column "Odd Name" set (n_distinct_inherited=100);

-- set statistics, storage of column tuning.events.extra
alter table "tuning"."events" alter column "extra" set statistics 20;
alter table "tuning"."events" alter column "extra" set storage external;
