-- User triggers (not the internal ones behind foreign keys, not clones a partition inherits).
select tg.oid,
       n.nspname as schema,
       c.relname as "table",
       tg.tgname as name,
       pg_get_triggerdef(tg.oid) as definition,
       case tg.tgenabled
         when 'O' then 'origin' when 'D' then 'disabled' when 'R' then 'replica'
         when 'A' then 'always'
       end as enabled,
       dsc.description as comment
from pg_trigger tg
join pg_class c on c.oid = tg.tgrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_description dsc
  on dsc.objoid = tg.oid and dsc.classoid = 'pg_trigger'::regclass and dsc.objsubid = 0
where not tg.tgisinternal
  and tg.tgparentid = 0
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by n.nspname, c.relname, tg.tgname
