-- Collations made with CREATE COLLATION. The catalog's columns changed between versions
-- (colliculocale in 15, collicurules in 16, renamed colllocale in 17; ICU locales lived in
-- collcollate before 15), so they are read by name from the row as JSON: a missing column is
-- NULL instead of an error, and one query serves every version.
select co.oid,
       n.nspname as schema,
       co.collname as name,
       case co.collprovider when 'c' then 'libc' when 'i' then 'icu' when 'b' then 'builtin'
         else 'default' end as provider,
       co.collisdeterministic as deterministic,
       case when co.collprovider = 'c' then to_jsonb(co) ->> 'collcollate' end as lc_collate,
       case when co.collprovider = 'c' then to_jsonb(co) ->> 'collctype' end as lc_ctype,
       case when co.collprovider <> 'c' then
         coalesce(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale',
                  to_jsonb(co) ->> 'collcollate') end as locale,
       to_jsonb(co) ->> 'collicurules' as rules,
       pg_get_userbyid(co.collowner) as owner,
       obj_description(co.oid, 'pg_collation') as comment
from pg_collation co
join pg_namespace n on n.oid = co.collnamespace
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_collation'::regclass and d.objid = co.oid and d.deptype = 'e'
  )
order by n.nspname, co.collname
