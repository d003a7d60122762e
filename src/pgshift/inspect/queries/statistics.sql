-- Extended statistics objects (CREATE STATISTICS), as pg_get_statisticsobjdef writes them,
-- with their statistics target when set (-1 before PostgreSQL 17, NULL since, means unset).
select s.oid,
       'statistics' as kind,
       n.nspname as schema,
       s.stxname::text as name,
       format('%%I.%%I', n.nspname, s.stxname) as identity,
       array_remove(array[
         pg_get_statisticsobjdef(s.oid),
         (select format('alter statistics %%I.%%I set statistics %%s', n.nspname, s.stxname,
                   target)
          from nullif(to_jsonb(s) ->> 'stxstattarget', '-1') as target where target is not null)
       ], null) as "create",
       array[format('alter statistics %%I.%%I set statistics -1', n.nspname, s.stxname)]
         as reset,
       pg_get_userbyid(s.stxowner) as owner,
       obj_description(s.oid, 'pg_statistic_ext') as comment
from pg_statistic_ext s
join pg_namespace n on n.oid = s.stxnamespace
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_statistic_ext'::regclass and d.objid = s.oid and d.deptype = 'e'
  )
order by n.nspname, s.stxname
