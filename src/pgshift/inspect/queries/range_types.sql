-- Range types. The multirange type (PostgreSQL 14+) and the constructor functions come and go
-- with the range type; a custom multirange type name is not read.
select t.oid,
       n.nspname as schema,
       t.typname as name,
       format_type(r.rngsubtype, null) as subtype,
       case when r.rngcollation <> 0 and r.rngcollation <> st.typcollation then
         (select quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
          from pg_collation co join pg_namespace cn on cn.oid = co.collnamespace
          where co.oid = r.rngcollation)
       end as collation,
       case when not opc.opcdefault then
         quote_ident(opcn.nspname) || '.' || quote_ident(opc.opcname)
       end as opclass,
       case when r.rngcanonical <> 0 then r.rngcanonical::text end as canonical,
       case when r.rngsubdiff <> 0 then r.rngsubdiff::text end as subtype_diff,
       pg_get_userbyid(t.typowner) as owner,
       obj_description(t.oid, 'pg_type') as comment
from pg_range r
join pg_type t on t.oid = r.rngtypid
join pg_namespace n on n.oid = t.typnamespace
join pg_type st on st.oid = r.rngsubtype
join pg_opclass opc on opc.oid = r.rngsubopc
join pg_namespace opcn on opcn.oid = opc.opcnamespace
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e'
  )
order by n.nspname, t.typname
