-- Free-standing composite types (CREATE TYPE ... AS (...)); a table's row type is its table.
select t.oid,
       n.nspname as schema,
       t.typname as name,
       coalesce(
         (select json_agg(json_build_object(
                   'name', a.attname::text,
                   'type', format_type(a.atttypid, a.atttypmod),
                   'collation', case when a.attcollation <> at.typcollation then
                     (select quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                      from pg_collation co join pg_namespace cn on cn.oid = co.collnamespace
                      where co.oid = a.attcollation)
                   end) order by a.attnum)
          from pg_attribute a
          join pg_type at on at.oid = a.atttypid
          where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped),
         '[]'::json
       ) as attributes,
       pg_get_userbyid(t.typowner) as owner,
       obj_description(t.oid, 'pg_type') as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
join pg_class c on c.oid = t.typrelid
where t.typtype = 'c' and c.relkind = 'c'
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e'
  )
order by n.nspname, t.typname
