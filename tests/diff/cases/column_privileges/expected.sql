-- destructive: drop column public.accounts.old
alter table "public"."accounts" drop column "old";

-- create view public.account_emails
create view "public"."account_emails" as
 SELECT id,
    email
   FROM public.accounts;

-- change privileges on table public.accounts
revoke grant option for update ("Secret Note") on table "public"."accounts" from "pg_monitor";
revoke select on table "public"."accounts" from public;
grant insert ("email") on table "public"."accounts" to public;
grant references ("Secret Note") on table "public"."accounts" to public;
grant select ("id") on table "public"."accounts" to public;

-- change privileges on view public.account_emails
grant select ("email") on table "public"."account_emails" to public;
