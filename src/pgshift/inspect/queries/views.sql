-- Views and materialized views with the server's rendering of their query; a materialized
-- view's tablespace and column settings.
select c.oid,
       n.nspname as schema,
       c.relname as name,
       c.relkind = 'm' as materialized,
       rtrim(pg_get_viewdef(c.oid), ';') as definition,
       coalesce(c.reloptions, '{}')::text[] as options,
       coalesce(
         (select json_agg(json_build_object(
                   'name', a.attname::text,
                   'type', format_type(a.atttypid, a.atttypmod),
                   'comment', cd.description,
                   -- Settings, only a materialized view's (as a table's columns have them).
                   'statistics', nullif(a.attstattarget::integer, -1),
                   'storage', case when a.attstorage <> t.typstorage then
                     case a.attstorage when 'p' then 'plain' when 'e' then 'external'
                       when 'm' then 'main' when 'x' then 'extended' end
                   end,
                   'compression', case when t.typstorage <> 'p' then
                     case to_jsonb(a) ->> 'attcompression' when 'p' then 'pglz' when 'l' then 'lz4'
                     end
                   end,
                   'options', coalesce(a.attoptions, '{}')) order by a.attnum)
          from pg_attribute a
          join pg_type t on t.oid = a.atttypid
          left join pg_description cd
            on cd.objoid = a.attrelid and cd.classoid = 'pg_class'::regclass
           and cd.objsubid = a.attnum
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),
         '[]'::json
       ) as columns,
       (select quote_ident(ts.spcname) from pg_tablespace ts where ts.oid = c.reltablespace)
         as tablespace,
       pg_get_userbyid(c.relowner) as owner,
       dsc.description as comment
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_description dsc
  on dsc.objoid = c.oid and dsc.classoid = 'pg_class'::regclass and dsc.objsubid = 0
where c.relkind in ('v', 'm')
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by n.nspname, c.relname
