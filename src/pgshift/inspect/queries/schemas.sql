-- Schemas, without the system ones (user schemas cannot start with pg_) and without schemas an extension created.
select n.oid,
       n.nspname as name,
       pg_get_userbyid(n.nspowner) as owner,
       dsc.description as comment
from pg_namespace n
left join pg_description dsc
  on dsc.objoid = n.oid and dsc.classoid = 'pg_namespace'::regclass and dsc.objsubid = 0
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_namespace'::regclass and d.objid = n.oid and d.deptype = 'e'
  )
order by n.nspname
