-- Who may do what (GRANT) on schemas, tables, views, sequences, functions, types, languages,
-- foreign-data wrappers and servers, besides their owner, and on single columns of tables and views (`column`, '' for the whole object).
-- A NULL ACL means the defaults (acldefault): PUBLIC may execute functions and use types; a
-- column's NULL ACL means no grants of its own. The loader attaches the rows to the objects
-- the other queries listed (16384 is FirstNormalObjectId: nothing built in); `public` is PUBLIC.
with acls as (
  select 'pg_namespace' as catalog, n.oid, n.nspowner as owner, '' as "column",
         aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) as item
  from pg_namespace n where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  union all
  select 'pg_class', c.oid, c.relowner, '',
         aclexplode(coalesce(c.relacl,
           acldefault((case when c.relkind = 'S' then 's' else 'r' end)::"char", c.relowner)))
  from pg_class c where c.oid >= 16384 and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
  union all
  select 'pg_class', c.oid, c.relowner, a.attname::text, aclexplode(a.attacl)
  from pg_class c join pg_attribute a on a.attrelid = c.oid
  where c.oid >= 16384 and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0
    and not a.attisdropped and a.attacl is not null
  union all
  select 'pg_proc', p.oid, p.proowner, '',
         aclexplode(coalesce(p.proacl, acldefault('f', p.proowner)))
  from pg_proc p where p.oid >= 16384
  union all
  select 'pg_type', t.oid, t.typowner, '',
         aclexplode(coalesce(t.typacl, acldefault('T', t.typowner)))
  from pg_type t where t.oid >= 16384 and t.typtype in ('e', 'd', 'c', 'r')
  union all
  select 'pg_language', l.oid, l.lanowner, '',
         aclexplode(coalesce(l.lanacl, acldefault('l', l.lanowner)))
  from pg_language l where l.oid >= 16384
  union all
  select 'pg_foreign_data_wrapper', w.oid, w.fdwowner, '',
         aclexplode(coalesce(w.fdwacl, acldefault('F', w.fdwowner)))
  from pg_foreign_data_wrapper w where w.oid >= 16384
  union all
  select 'pg_foreign_server', s.oid, s.srvowner, '',
         aclexplode(coalesce(s.srvacl, acldefault('S', s.srvowner)))
  from pg_foreign_server s where s.oid >= 16384
)
select catalog,
       oid,
       case when (item).grantee = 0 then 'public' else pg_get_userbyid((item).grantee)::text end
         as grantee,
       (item).privilege_type as privilege,
       (item).is_grantable as grantable,
       "column"
from acls
where (item).grantee <> owner
order by 1, 2, 3, 4, 6
