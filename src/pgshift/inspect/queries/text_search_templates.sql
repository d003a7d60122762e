-- Text search templates (CREATE TEXT SEARCH TEMPLATE); they have no owner.
select t.oid,
       'text search template' as kind,
       n.nspname as schema,
       t.tmplname::text as name,
       format('%%I.%%I', n.nspname, t.tmplname) as identity,
       array[format('create text search template %%I.%%I (%%s)', n.nspname, t.tmplname,
         concat_ws(', ', case when t.tmplinit <> 0 then 'init = ' || t.tmplinit::regproc::text end,
           'lexize = ' || t.tmpllexize::regproc::text))] as "create",
       obj_description(t.oid, 'pg_ts_template') as comment
from pg_ts_template t
join pg_namespace n on n.oid = t.tmplnamespace
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_ts_template'::regclass and d.objid = t.oid and d.deptype = 'e'
  )
order by n.nspname, t.tmplname
