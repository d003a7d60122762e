-- alter table public.docs
alter table "public"."docs" enable row level security;

-- create policy docs_owner on public.docs
create policy "docs_owner" on "public"."docs" as permissive for all to public using ((owner_name = CURRENT_USER)) with check ((owner_name = CURRENT_USER));
