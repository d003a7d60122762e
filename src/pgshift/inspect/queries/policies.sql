-- Row-level security policies. Roles are names; `public` stands for every role.
select p.oid,
       n.nspname as schema,
       c.relname as "table",
       p.polname as name,
       p.polpermissive as permissive,
       case p.polcmd
         when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update'
         when 'd' then 'delete' else 'all'
       end as command,
       array(
         select case when r = 0 then 'public' else pg_get_userbyid(r)::text end
         from unnest(p.polroles) as r
         order by 1
       ) as roles,
       pg_get_expr(p.polqual, p.polrelid) as using,
       pg_get_expr(p.polwithcheck, p.polrelid) as with_check,
       dsc.description as comment
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_description dsc
  on dsc.objoid = p.oid and dsc.classoid = 'pg_policy'::regclass and dsc.objsubid = 0
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by n.nspname, c.relname, p.polname
