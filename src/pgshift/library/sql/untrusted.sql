-- The first pgshift_utils or pgshift_define schema or function owned by a role the current role
-- does not trust, as a message; no row when all is well. Whoever owns a library schema or
-- function decides what it runs, with the privileges of every role that calls it. Trusted
-- owners: the current role, a superuser, or (unless the current role is a superuser, which would
-- trust everyone that way) a role it belongs to.
WITH me AS (
    SELECT r.oid, r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.rolname = current_user
)
SELECT pg_catalog.format(
           'the %s %s belongs to role %I, which %I does not trust to run library code',
           o.kind, o.name, pg_catalog.pg_get_userbyid(o.owner), current_user)
FROM (
    SELECT 'schema' AS kind, n.nspname::text AS name, n.nspowner AS owner
    FROM pg_catalog.pg_namespace AS n
    WHERE n.nspname IN ('pgshift_utils', 'pgshift_define')
    UNION ALL
    SELECT 'function', p.oid::pg_catalog.regprocedure::text, p.proowner
    FROM pg_catalog.pg_proc AS p
    JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
    WHERE n.nspname IN ('pgshift_utils', 'pgshift_define')
) AS o, me
WHERE NOT (o.owner = me.oid
           OR (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.oid = o.owner)
           OR (NOT me.rolsuper AND pg_catalog.pg_has_role(me.oid, o.owner, 'MEMBER')))
LIMIT 1
