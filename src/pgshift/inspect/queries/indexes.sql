-- Indexes that no constraint owns (a primary key's or unique constraint's index is part of the
-- constraint), on tables and materialized views. A partition's index attached to its parent's
-- index comes with the parent's. `valid` is false after a failed CREATE INDEX CONCURRENTLY.
select i.indexrelid as oid,
       n.nspname as schema,
       t.relname as "table",
       ic.relname as name,
       pg_get_indexdef(i.indexrelid) as definition,
       i.indisvalid as valid,
       (select quote_ident(ts.spcname) from pg_tablespace ts where ts.oid = ic.reltablespace)
         as tablespace,
       -- Statistics targets of expression columns (ALTER INDEX ... ALTER COLUMN n), by number.
       array(select a.attnum || ' ' || a.attstattarget from pg_attribute a
             where a.attrelid = ic.oid and a.attnum > 0
               and nullif(a.attstattarget::integer, -1) is not null order by a.attnum)
         as column_statistics,
       dsc.description as comment
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_class t on t.oid = i.indrelid
join pg_namespace n on n.oid = ic.relnamespace
left join pg_description dsc
  on dsc.objoid = i.indexrelid and dsc.classoid = 'pg_class'::regclass and dsc.objsubid = 0
where t.relkind in ('r', 'p', 'm')
  and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
  and not exists (
    select from pg_constraint con
    where con.conindid = i.indexrelid and con.contype in ('p', 'u', 'x')
  )
  and not exists (select from pg_inherits inh where inh.inhrelid = i.indexrelid)
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid in (t.oid, ic.oid) and d.deptype = 'e'
  )
order by n.nspname, ic.relname
