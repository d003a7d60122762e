-- Every sequence a clone sets (serial, identity and free-standing), not those of an extension.
select n.nspname as schema, c.relname as name
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'S'
  and n.nspname not in ('pg_catalog', 'information_schema', 'pgshift_clone')
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                    and d.objid = c.oid and d.deptype = 'e')
order by schema, name
