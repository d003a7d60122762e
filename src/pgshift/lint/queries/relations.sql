-- Every relation a migration could lock, as it is before the migration runs: its name, its
-- kind, its file (a rewrite gives it a new one) and how often this transaction scanned it so
-- far (pg_stat_get_xact_numscans: sequential scans of a table, as pg_stat_xact_user_tables
-- shows them).
select c.oid::bigint as oid,
       n.nspname as schema,
       c.relname as name,
       c.relkind::text as kind,
       c.relfilenode::bigint as filenode,
       pg_catalog.pg_stat_get_xact_numscans(c.oid) as seq_scan
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
  and n.nspname !~ '^pg_(toast_)?temp_'
order by c.oid
