alter table docs enable row level security;
create policy docs_owner on docs for all to public
  using (owner_name = current_user) with check (owner_name = current_user);
