-- Extensions: their member objects are left out of every other query.
select e.oid,
       e.extname as name,
       n.nspname as schema,
       e.extversion as version
from pg_extension e
join pg_namespace n on n.oid = e.extnamespace
where %(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[])
order by e.extname
