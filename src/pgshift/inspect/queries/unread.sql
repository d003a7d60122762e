-- How many user objects of each kind the model does not read, so that inspect and diff can say
-- so instead of reporting a database as fully listed (or two databases as equal) when they
-- differ only in those. Same scope as the other queries: no system schemas, no extension
-- members, only the schemas asked for. Objects that live in no schema (event triggers,
-- publications, servers...) count only when no schema filter is given: a filtered diff does
-- not compare them either. A kind leaves this list when a query of its own reads it.
with user_namespaces as (
  select n.oid
  from pg_namespace n
  where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
    and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
),
whole_database as (
  select %(schemas)s::text[] is null as counted
),
counts as (
  -- Only those this role may not read (load.py asks the same question).
  select 'subscriptions' as kind, count(su.oid) as n
  from pg_subscription su
  where (select counted from whole_database)
    and not has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'select')
    and su.subdbid = (select oid from pg_database where datname = current_database())
  union all
  -- Only those whose options pg_user_mappings hides from this role (user_mappings.sql reads
  -- the others, by the view's own rule).
  select 'user_mappings', count(*)
  from pg_user_mappings m
  join pg_foreign_server s on s.oid = m.srvid
  where (select counted from whole_database)
    and not ((m.umuser <> 0 and m.umuser = (select oid from pg_roles where rolname = current_user)
              and (pg_has_role(s.srvowner, 'USAGE') or has_server_privilege(s.oid, 'USAGE')))
          or (m.umuser = 0 and pg_has_role(s.srvowner, 'USAGE'))
          or (select rolsuper from pg_roles where rolname = current_user))
  union all
  -- indexes.sql reads the statistics targets of indexes of their own; a constraint's index
  -- is the constraint, whose definition does not carry them.
  select 'constraint_index_statistics', count(*)
  from pg_constraint con
  join pg_attribute a on a.attrelid = con.conindid and a.attnum > 0
  where con.contype in ('p', 'u', 'x') and con.connamespace in (select oid from user_namespaces)
    and nullif(a.attstattarget::integer, -1) is not null
)
select kind, n::integer as count
from counts
where n > 0
order by kind
