-- Encoding conversions made with CREATE CONVERSION.
select cv.oid,
       'conversion' as kind,
       n.nspname as schema,
       cv.conname::text as name,
       format('%%I.%%I', n.nspname, cv.conname) as identity,
       array[format('create %%sconversion %%I.%%I for %%L to %%L from %%s',
         case when cv.condefault then 'default ' else '' end, n.nspname, cv.conname,
         pg_encoding_to_char(cv.conforencoding), pg_encoding_to_char(cv.contoencoding),
         cv.conproc::regproc)] as "create",
       pg_get_userbyid(cv.conowner) as owner,
       obj_description(cv.oid, 'pg_conversion') as comment
from pg_conversion cv
join pg_namespace n on n.oid = cv.connamespace
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_conversion'::regclass and d.objid = cv.oid and d.deptype = 'e'
  )
order by n.nspname, cv.conname
