-- add column public.items.label
alter table "public"."items" add column "label" text default 'none'::text not null;
comment on column "public"."items"."label" is 'shown to people';
