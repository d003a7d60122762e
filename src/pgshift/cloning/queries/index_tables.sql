-- The table each post-data index or constraint belongs to, with its size: an index builds once
-- its table's rows are in, the largest first.
select 'INDEX' as kind, i.indexrelid as oid, n.nspname || '.' || c.relname as label,
       pg_catalog.pg_relation_size(c.oid) as bytes
from pg_catalog.pg_index i
join pg_catalog.pg_class c on c.oid = i.indrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where i.indexrelid = any(%(oids)s)
union all
select 'CONSTRAINT', k.oid, n.nspname || '.' || c.relname, pg_catalog.pg_relation_size(c.oid)
from pg_catalog.pg_constraint k
join pg_catalog.pg_class c on c.oid = k.conrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where k.oid = any(%(oids)s)
