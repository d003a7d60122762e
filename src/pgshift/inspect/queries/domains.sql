-- Domains: base type, default, NOT NULL and named CHECK constraints (by name).
select t.oid,
       n.nspname as schema,
       t.typname as name,
       format_type(t.typbasetype, t.typtypmod) as base_type,
       case when t.typcollation <> bt.typcollation then
         (select quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
          from pg_collation co join pg_namespace cn on cn.oid = co.collnamespace
          where co.oid = t.typcollation)
       end as collation,
       pg_get_expr(t.typdefaultbin, 0) as default,
       t.typnotnull as not_null,
       coalesce(
         (select json_agg(json_build_object(
                   'name', c.conname::text,
                   'definition', pg_get_constraintdef(c.oid)) order by c.conname)
          from pg_constraint c
          where c.contypid = t.oid and c.contype = 'c'),
         '[]'::json
       ) as constraints,
       pg_get_userbyid(t.typowner) as owner,
       obj_description(t.oid, 'pg_type') as comment
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
join pg_type bt on bt.oid = t.typbasetype
where t.typtype = 'd'
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e'
  )
order by n.nspname, t.typname
