-- Primary keys and unique constraints of plain tables that can be built as a unique index
-- first (in parallel with the table's other indexes, which ALTER TABLE ... ADD CONSTRAINT
-- would block with its ACCESS EXCLUSIVE lock) and attached with ADD CONSTRAINT ... USING INDEX.
-- Deferrable constraints keep their own statement.
select c.oid, c.contype = 'p' as is_primary, n.nspname as schema, r.relname as table_name,
       c.conname as name, pg_catalog.pg_get_indexdef(c.conindid) as index_definition
from pg_catalog.pg_constraint c
join pg_catalog.pg_class r on r.oid = c.conrelid
join pg_catalog.pg_namespace n on n.oid = r.relnamespace
join pg_catalog.pg_class i on i.oid = c.conindid
where c.oid = any(%(oids)s)
  and c.contype in ('p', 'u')
  and not c.condeferrable
  and r.relkind = 'r'
  and i.relname = c.conname
order by c.oid
