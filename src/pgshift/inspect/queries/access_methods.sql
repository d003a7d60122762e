-- Access methods made with CREATE ACCESS METHOD (in no schema: read only without a schema
-- filter). They have no owner.
select am.oid,
       'access method' as kind,
       '' as schema,
       am.amname::text as name,
       quote_ident(am.amname) as identity,
       array[format('create access method %%I type %%s handler %%s', am.amname,
         case am.amtype when 't' then 'table' else 'index' end, am.amhandler::regproc)] as "create",
       obj_description(am.oid, 'pg_am') as comment
from pg_am am
where %(schemas)s::text[] is null and am.oid >= 16384
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_am'::regclass and d.objid = am.oid and d.deptype = 'e'
  )
order by am.amname
