-- Functions and procedures, identified by name and identity arguments. Aggregates are left out:
-- pg_get_functiondef cannot render them. So are functions a type made for itself (a range
-- type's constructors): they come and go with the type.
select p.oid,
       n.nspname as schema,
       p.proname as name,
       pg_get_function_identity_arguments(p.oid) as signature,
       case p.prokind when 'p' then 'procedure' else 'function' end as kind,
       pg_get_function_arguments(p.oid) as arguments,
       pg_get_function_result(p.oid) as result,
       pg_get_functiondef(p.oid) as definition,
       pg_get_userbyid(p.proowner) as owner,
       obj_description(p.oid, 'pg_proc') as comment
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
where p.prokind in ('f', 'p', 'w')
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype in ('e', 'i')
  )
order by n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
