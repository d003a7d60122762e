-- Refuse a pgshift_utils or pgshift_define that someone else made: whoever owns a library
-- schema or function decides what it runs, with the privileges of every role that calls it.
-- Trusted owners: the role running this, a superuser, or (unless this role is a superuser, which
-- would trust everyone that way) a role it belongs to.
DO $pgshift_trust$
DECLARE
    me oid := (SELECT r.oid FROM pg_catalog.pg_roles AS r WHERE r.rolname = current_user);
    me_super boolean := (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.oid = me);
    found record;
BEGIN
    SELECT o.kind, o.name, pg_catalog.pg_get_userbyid(o.owner) AS owner INTO found
    FROM (
        SELECT 'schema' AS kind, n.nspname::text AS name, n.nspowner AS owner
        FROM pg_catalog.pg_namespace AS n
        WHERE n.nspname IN ('pgshift_utils', 'pgshift_define')
        UNION ALL
        SELECT 'function', p.oid::pg_catalog.regprocedure::text, p.proowner
        FROM pg_catalog.pg_proc AS p
        JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('pgshift_utils', 'pgshift_define')
    ) AS o
    WHERE NOT (o.owner = me
               OR (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.oid = o.owner)
               OR (NOT me_super AND pg_catalog.pg_has_role(me, o.owner, 'MEMBER')))
    LIMIT 1;
    IF found IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS006',
            MESSAGE = pg_catalog.format(
                'pgshift: the %s %s belongs to role %I, which %I does not trust to run library code',
                found.kind, found.name, found.owner, current_user),
            HINT = 'Drop that schema, or install the library as its owner.';
    END IF;
END
$pgshift_trust$;
