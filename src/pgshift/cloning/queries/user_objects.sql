-- What makes a target "not empty": any schema, relation, type, function, large object or
-- extension that a fresh database does not have (pgshift's own resume schema aside).
select kind, name from (
  select 'schema' as kind, n.nspname::text as name
  from pg_catalog.pg_namespace n
  where n.nspname not in ('public', 'information_schema', 'pgshift_clone')
    and n.nspname !~ '^pg_'
  union all
  select 'relation', n.nspname || '.' || c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname not in ('pg_catalog', 'information_schema', 'pgshift_clone')
    and n.nspname !~ '^pg_'
  union all
  select 'function', n.nspname || '.' || p.proname
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname not in ('pg_catalog', 'information_schema', 'pgshift_clone')
    and n.nspname !~ '^pg_'
  union all
  select 'type', n.nspname || '.' || t.typname
  from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
  where t.typrelid = 0  -- a relation's row type is reported as the relation
    and not exists (select from pg_catalog.pg_type e where e.typarray = t.oid)
    and n.nspname not in ('pg_catalog', 'information_schema', 'pgshift_clone')
    and n.nspname !~ '^pg_'
  union all
  select 'large object', m.oid::text
  from pg_catalog.pg_largeobject_metadata m
  union all
  select 'extension', e.extname::text
  from pg_catalog.pg_extension e
  where e.extname <> 'plpgsql'
) objects
order by kind, name
limit 5
