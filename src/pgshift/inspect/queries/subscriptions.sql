-- Subscriptions of this database (in no schema: read only without a schema filter). Run only
-- by a role that may read pg_subscription.subconninfo (see load.py); the census counts them
-- for others. Written as pg_dump writes them: made without connecting (connect = false, so
-- disabled) on the same replication slot; enabled or not is a state, not compared. The
-- connection string's password is cut out in SQL, never read, and named as a secret.
with subscription as (
  select su.*,
         su.subconninfo ~* '(^|\s)(ssl)?password\s*=|[?&](ssl)?password=|://[^/@:]*:[^/@]*@'
           as has_password,
         -- What these patterns cannot read for sure (a URL's parameter names percent-encoded,
         -- a backslash escape in a key=value string) is not shown at all: the whole string
         -- is then a secret.
         su.subconninfo ~ '^[a-z]+://[^?]*\?.*%%' or su.subconninfo ~ '\\' as unsure,
         -- key=value form: password = 'quoted' or bare; URI form: user:password@ and
         -- ?password=, &sslpassword= (a query left starting with & gets its ? back).
         regexp_replace(
           regexp_replace(
             regexp_replace(
               regexp_replace(su.subconninfo,
                 '(^|\s)(ssl)?password\s*=\s*(''([^''\\]|\\.)*''|\S*)', '', 'gi'),
               '(://[^/@:]*):[^/@]*@', '\1@'),
             '[?&](ssl)?password=[^&#]*', '', 'gi'),
           '^([^?]*://[^?]*)&', '\1?') as conninfo
  from pg_subscription su
  where su.subdbid = (select oid from pg_database where datname = current_database())
)
select su.oid,
       'subscription' as kind,
       '' as schema,
       su.subname::text as name,
       quote_ident(su.subname) as identity,
       array[format('create subscription %%I connection %%L publication %%s with (%%s)',
         su.subname, case when su.unsure then '' else btrim(su.conninfo) end,
         (select string_agg(quote_ident(pub), ', ' order by pub)
          from unnest(su.subpublications) pub),
         concat_ws(', ', 'connect = false',
           'slot_name = ' || coalesce(quote_literal(su.subslotname), 'none'),
           'synchronous_commit = ' || quote_literal(su.subsynccommit),
           'binary = ' || (to_jsonb(su) ->> 'subbinary'),
           'streaming = ' || case to_jsonb(su) ->> 'substream' when 't' then 'on'
             when 'f' then 'off' when 'p' then 'parallel' else to_jsonb(su) ->> 'substream' end,
           'disable_on_error = ' || (to_jsonb(su) ->> 'subdisableonerr'),
           'origin = ' || quote_literal(to_jsonb(su) ->> 'suborigin'),
           'password_required = ' || (to_jsonb(su) ->> 'subpasswordrequired'),
           'run_as_owner = ' || (to_jsonb(su) ->> 'subrunasowner'),
           -- 'd': disabled; 'p' (pending) and 'e' (enabled) were asked for.
           'two_phase = ' || case when to_jsonb(su) ->> 'subtwophasestate' = 'd' then 'false'
             when to_jsonb(su) ->> 'subtwophasestate' is not null then 'true' end,
           'failover = ' || (to_jsonb(su) ->> 'subfailover')))] as "create",
       -- DROP SUBSCRIPTION would drop the slot on the publisher: detach it first, as a
       -- plan cannot know whether the publisher is reachable (the slot stays there).
       array[format('alter subscription %%I disable', su.subname),
             format('alter subscription %%I set (slot_name = none)', su.subname),
             format('drop subscription %%I', su.subname)] as "drop",
       case when su.unsure then array['connection']
         when su.has_password then array['password'] else array[]::text[] end
         as secret_options,
       pg_get_userbyid(su.subowner) as owner,
       shobj_description(su.oid, 'pg_subscription') as comment
from subscription su
where %(schemas)s::text[] is null
order by su.subname
