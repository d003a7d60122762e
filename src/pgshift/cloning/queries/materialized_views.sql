-- Populated materialized views with the views and materialized views each one reads,
-- so that they can be refreshed after their inputs.
select n.nspname as schema, v.relname as name, v.relkind = 'm' and v.relispopulated as refresh,
       array(select distinct rn.nspname || '.' || r.relname
             from pg_catalog.pg_rewrite w
             join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                                        and d.objid = w.oid
                                        and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
             join pg_catalog.pg_class r on r.oid = d.refobjid and r.relkind in ('v', 'm')
             join pg_catalog.pg_namespace rn on rn.oid = r.relnamespace
             where w.ev_class = v.oid and r.oid <> v.oid) as reads
from pg_catalog.pg_class v
join pg_catalog.pg_namespace n on n.oid = v.relnamespace
where v.relkind in ('v', 'm')
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname !~ '^pg_'
order by schema, name
