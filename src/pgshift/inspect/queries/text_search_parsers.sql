-- Text search parsers (CREATE TEXT SEARCH PARSER); they have no owner.
select p.oid,
       'text search parser' as kind,
       n.nspname as schema,
       p.prsname::text as name,
       format('%%I.%%I', n.nspname, p.prsname) as identity,
       array[format('create text search parser %%I.%%I (%%s)', n.nspname, p.prsname,
         concat_ws(', ', 'start = ' || p.prsstart::regproc::text,
           'gettoken = ' || p.prstoken::regproc::text, 'end = ' || p.prsend::regproc::text,
           'lextypes = ' || p.prslextype::regproc::text,
           case when p.prsheadline <> 0 then 'headline = ' || p.prsheadline::regproc::text end))]
         as "create",
       obj_description(p.oid, 'pg_ts_parser') as comment
from pg_ts_parser p
join pg_namespace n on n.oid = p.prsnamespace
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_ts_parser'::regclass and d.objid = p.oid and d.deptype = 'e'
  )
order by n.nspname, p.prsname
