-- Procedural languages made with CREATE LANGUAGE (not built in, not an extension's). A language
-- lives in no schema: read only when no schema filter is given.
select l.oid,
       'language' as kind,
       '' as schema,
       l.lanname::text as name,
       quote_ident(l.lanname) as identity,
       array[concat_ws(' ',
         'create', case when l.lanpltrusted then 'trusted' end, 'language', quote_ident(l.lanname),
         'handler', l.lanplcallfoid::regproc::text,
         case when l.laninline <> 0 then 'inline ' || l.laninline::regproc::text end,
         case when l.lanvalidator <> 0 then 'validator ' || l.lanvalidator::regproc::text end
       )] as "create",
       pg_get_userbyid(l.lanowner) as owner,
       obj_description(l.oid, 'pg_language') as comment
from pg_language l
where %(schemas)s::text[] is null and l.oid >= 16384
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_language'::regclass and d.objid = l.oid and d.deptype = 'e'
  )
order by l.lanname
