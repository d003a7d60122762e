-- detach table public.events_2025 from partitioned table public.events
alter table public.events detach partition "public"."events_2025";

-- alter column public.events_2023.id (not null)
alter table "public"."events_2023" alter column "id" set not null;

-- alter column public.events_2023.at (default, not null)
alter table "public"."events_2023" alter column "at" set default CURRENT_DATE;
alter table "public"."events_2023" alter column "at" set not null;

-- destructive: alter column public.events_2023.note (type)
alter table "public"."events_2023" alter column "note" type text using "note"::text;

-- attach table public.events_2023 to partitioned table public.events
alter table "public"."events_2023" add constraint "events_id_check" CHECK ((id > 0));
alter table public.events attach partition "public"."events_2023" FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');

-- attach table public.events_2024 to partitioned table public.events
alter table public.events attach partition "public"."events_2024" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
