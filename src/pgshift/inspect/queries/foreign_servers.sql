-- Foreign servers (CREATE SERVER; in no schema: read only without a schema filter). Options
-- are data (`options`, `name=value`), changed in place; those whose name says they hold a
-- secret (%(secret_option)s) are never read, only named.
select s.oid,
       'server' as kind,
       '' as schema,
       s.srvname::text as name,
       quote_ident(s.srvname) as identity,
       array[concat_ws(' ',
         format('create server %%I', s.srvname),
         case when s.srvtype is not null then format('type %%L', s.srvtype) end,
         case when s.srvversion is not null then format('version %%L', s.srvversion) end,
         format('foreign data wrapper %%I', w.fdwname)
       )] as "create",
       array(select o from unnest(s.srvoptions) with ordinality as x(o, i)
             where split_part(o, '=', 1) !~* %(secret_option)s order by i) as options,
       array(select split_part(o, '=', 1) from unnest(s.srvoptions) o
             where split_part(o, '=', 1) ~* %(secret_option)s order by 1) as secret_options,
       pg_get_userbyid(s.srvowner) as owner,
       obj_description(s.oid, 'pg_foreign_server') as comment
from pg_foreign_server s
join pg_foreign_data_wrapper w on w.oid = s.srvfdw
where %(schemas)s::text[] is null
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_foreign_server'::regclass and d.objid = s.oid and d.deptype = 'e'
  )
order by s.srvname
