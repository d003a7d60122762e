-- detach table public.sales_eu from partitioned table public.sales
alter table public.sales detach partition "public"."sales_eu";

-- detach table public.sales_us from partitioned table public.sales
alter table public.sales detach partition "public"."sales_us";

-- destructive: drop (to re-create) table public.sales
drop table "public"."sales";

-- create table public.sales
create table "public"."sales" (
  "id" integer,
  "region" text not null,
  "amount" numeric
) partition by LIST (region);

-- attach table public.sales_eu to partitioned table public.sales
alter table public.sales attach partition "public"."sales_eu" FOR VALUES IN ('eu');

-- attach table public.sales_us to partitioned table public.sales
alter table public.sales attach partition "public"."sales_us" FOR VALUES IN ('us');
