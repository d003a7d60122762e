-- What each object's owner took away from itself (REVOKE ... FROM the owner): the privileges
-- the default ACL gives the owner (acldefault) that the object's ACL no longer does. A NULL ACL
-- is the default, so only objects with an ACL of their own are looked at; columns are not (an
-- owner's privilege on the table covers them). The same objects as privileges.sql, attached by
-- the loader to the objects the other queries listed.
with objects as (
  select 'pg_namespace' as catalog, n.oid, n.nspowner as owner, n.nspacl as acl,
         'n'::"char" as acl_type
  from pg_namespace n
  where n.nspacl is not null and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  union all
  select 'pg_class', c.oid, c.relowner, c.relacl,
         (case when c.relkind = 'S' then 's' else 'r' end)::"char"
  from pg_class c
  where c.relacl is not null and c.oid >= 16384 and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
  union all
  select 'pg_proc', p.oid, p.proowner, p.proacl, 'f'::"char"
  from pg_proc p
  where p.proacl is not null and p.oid >= 16384
  union all
  select 'pg_type', t.oid, t.typowner, t.typacl, 'T'::"char"
  from pg_type t
  where t.typacl is not null and t.oid >= 16384 and t.typtype in ('e', 'd', 'c', 'r')
  union all
  select 'pg_language', l.oid, l.lanowner, l.lanacl, 'l'::"char"
  from pg_language l where l.lanacl is not null and l.oid >= 16384
  union all
  select 'pg_foreign_data_wrapper', w.oid, w.fdwowner, w.fdwacl, 'F'::"char"
  from pg_foreign_data_wrapper w where w.fdwacl is not null and w.oid >= 16384
  union all
  select 'pg_foreign_server', s.oid, s.srvowner, s.srvacl, 'S'::"char"
  from pg_foreign_server s where s.srvacl is not null and s.oid >= 16384
)
select o.catalog, o.oid, missing.privilege
from objects o
cross join lateral (
  select d.privilege_type as privilege
  from aclexplode(acldefault(o.acl_type, o.owner)) d
  where d.grantee = o.owner
  except
  select a.privilege_type
  from aclexplode(o.acl) a
  where a.grantee = o.owner
) missing
order by 1, 2, 3
