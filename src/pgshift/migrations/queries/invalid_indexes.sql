-- Indexes marked invalid: what a CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY that was
-- cancelled half way leaves behind (schema and name, to drop it by).
select i.indexrelid::bigint as oid, n.nspname as schema, c.relname as name
from pg_catalog.pg_index i
join pg_catalog.pg_class c on c.oid = i.indexrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where not i.indisvalid
order by i.indexrelid
