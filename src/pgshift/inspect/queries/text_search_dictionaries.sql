-- Text search dictionaries (CREATE TEXT SEARCH DICTIONARY): the template and the options as
-- the catalog keeps them (already written as `name = value` SQL).
select d.oid,
       'text search dictionary' as kind,
       n.nspname as schema,
       d.dictname::text as name,
       format('%%I.%%I', n.nspname, d.dictname) as identity,
       array[format('create text search dictionary %%I.%%I (%%s)', n.nspname, d.dictname,
         concat_ws(', ', format('template = %%I.%%I', tn.nspname, t.tmplname),
           d.dictinitoption))] as "create",
       pg_get_userbyid(d.dictowner) as owner,
       obj_description(d.oid, 'pg_ts_dict') as comment
from pg_ts_dict d
join pg_namespace n on n.oid = d.dictnamespace
join pg_ts_template t on t.oid = d.dicttemplate
join pg_namespace tn on tn.oid = t.tmplnamespace
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend e
    where e.classid = 'pg_ts_dict'::regclass and e.objid = d.oid and e.deptype = 'e'
  )
order by n.nspname, d.dictname
