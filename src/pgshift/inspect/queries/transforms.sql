-- Transforms (CREATE TRANSFORM: a type's conversion for a procedural language; in no schema,
-- read only without a schema filter). They have no owner.
select tr.oid,
       'transform' as kind,
       '' as schema,
       format_type(tr.trftype, null) || ' ' || l.lanname as name,
       format('for %%s language %%I', format_type(tr.trftype, null), l.lanname) as identity,
       array[format('create transform for %%s language %%I (%%s)',
         format_type(tr.trftype, null), l.lanname, concat_ws(', ',
           case when tr.trffromsql <> 0
             then 'from sql with function ' || tr.trffromsql::regprocedure::text end,
           case when tr.trftosql <> 0
             then 'to sql with function ' || tr.trftosql::regprocedure::text end))] as "create",
       obj_description(tr.oid, 'pg_transform') as comment
from pg_transform tr
join pg_language l on l.oid = tr.trflang
where %(schemas)s::text[] is null and tr.oid >= 16384
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_transform'::regclass and d.objid = tr.oid and d.deptype = 'e'
  )
order by 4
