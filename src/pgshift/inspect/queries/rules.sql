-- Rewrite rules (CREATE RULE) on tables and views; a view's own `_RETURN` rule is the view.
select r.oid,
       n.nspname as schema,
       c.relname as "table",
       r.rulename as name,
       case r.ev_type
         when '1' then 'select' when '2' then 'update' when '3' then 'insert' else 'delete'
       end as event,
       regexp_replace(pg_get_ruledef(r.oid), ';\s*$', '') as definition,
       case r.ev_enabled
         when 'O' then 'origin' when 'D' then 'disabled' when 'R' then 'replica'
         when 'A' then 'always'
       end as enabled,
       dsc.description as comment
from pg_rewrite r
join pg_class c on c.oid = r.ev_class
join pg_namespace n on n.oid = c.relnamespace
left join pg_description dsc
  on dsc.objoid = r.oid and dsc.classoid = 'pg_rewrite'::regclass and dsc.objsubid = 0
where r.rulename <> '_RETURN'
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by n.nspname, c.relname, r.rulename
