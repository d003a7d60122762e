-- detach table public.events_2023 from partitioned table public.events
alter table public.events detach partition "public"."events_2023";

-- detach table public.events_2024 from partitioned table public.events
alter table public.events detach partition "public"."events_2024";

-- destructive: drop index events_2023_at_idx on public.events_2023
drop index "public"."events_2023_at_idx";

-- destructive: drop constraint events_2023_pkey on public.events_2023
alter table "public"."events_2023" drop constraint "events_2023_pkey";

-- destructive: drop constraint events_id_check on public.events_2023
alter table "public"."events_2023" drop constraint "events_id_check";

-- alter column public.events_2023.id (not null)
alter table "public"."events_2023" alter column "id" drop not null;

-- alter column public.events_2023.at (default, not null)
alter table "public"."events_2023" alter column "at" drop default;
alter table "public"."events_2023" alter column "at" drop not null;

-- destructive: alter column public.events_2023.note (type)
alter table "public"."events_2023" alter column "note" type character varying(20) using "note"::character varying;

-- attach table public.events_2025 to partitioned table public.events
alter table public.events attach partition "public"."events_2025" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
