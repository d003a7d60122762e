-- alter column public.items.status (default)
alter table "public"."items" alter column "status" set default 'draft'::text;

-- alter column public.items.seen (default)
alter table "public"."items" alter column "seen" set default false;
