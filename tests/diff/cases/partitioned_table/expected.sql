-- create table "P s"."M t"
create table "P s"."M t" (
  "id" integer not null,
  "at" date not null
) partition by RANGE (at);

-- create table "P s"."M 1"
create table "P s"."M 1" partition of "P s"."M t" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- create table "P s"."M 2"
create table "P s"."M 2" partition of "P s"."M t" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- create constraint "M t_pkey" on "P s"."M t"
alter table "P s"."M t" add constraint "M t_pkey" PRIMARY KEY (id, at);

-- create index "M at" on "P s"."M t"
CREATE INDEX "M at" ON "P s"."M t" USING btree (at) WHERE (id > 0);
