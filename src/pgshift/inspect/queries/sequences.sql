-- Sequences with their options and owning column. `identity` marks the sequence behind an
-- identity column (it comes and goes with the column). `readable` says whether this session may
-- read the current value, which the loader fetches in a second query (before PostgreSQL 18;
-- from 18 on, sequence_values.sql reads it).
select c.oid,
       n.nspname as schema,
       c.relname as name,
       format_type(s.seqtypid, null) as data_type,
       s.seqstart as start,
       s.seqincrement as increment,
       s.seqmin as minimum,
       s.seqmax as maximum,
       s.seqcache as cache,
       s.seqcycle as cycle,
       tn.nspname as owned_by_schema,
       t.relname as owned_by_table,
       a.attname as owned_by_column,
       coalesce(dep.deptype = 'i', false) as identity,
       has_sequence_privilege(c.oid, 'SELECT') as readable,
       pg_get_userbyid(c.relowner) as owner,
       dsc.description as comment
from pg_sequence s
join pg_class c on c.oid = s.seqrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_depend dep
  on dep.classid = 'pg_class'::regclass and dep.objid = c.oid
 and dep.refclassid = 'pg_class'::regclass and dep.deptype in ('a', 'i')
left join pg_class t on t.oid = dep.refobjid
left join pg_namespace tn on tn.oid = t.relnamespace
left join pg_attribute a on a.attrelid = dep.refobjid and a.attnum = dep.refobjsubid
left join pg_description dsc
  on dsc.objoid = c.oid and dsc.classoid = 'pg_class'::regclass and dsc.objsubid = 0
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by n.nspname, c.relname
