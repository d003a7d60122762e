-- Enum types with their labels in sort order.
select t.oid,
       n.nspname as schema,
       t.typname as name,
       array(
         select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder
       ) as labels,
       pg_get_userbyid(t.typowner) as owner,
       obj_description(t.oid, 'pg_type') as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'e'
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e'
  )
order by n.nspname, t.typname
