-- Row-level security driven by the caller's permissions (pgshift.auth.permissions).
--
-- Policies call the pgshift_utils checks inside a scalar subquery, "(SELECT ...)": the planner
-- then evaluates them once per statement instead of once per row. Policy names are fixed
-- (pgshift_read, pgshift_modify, pgshift_owner_*, pgshift_tenant), so defining again replaces.
-- RLS is enabled, not forced: the table owner (the role running migrations) is not filtered.

/*-snippet
{
  "body": "SELECT pgshift_define.drop_authentication('${1:table}'::regclass);",
  "description": "Drop every pgshift_* policy of a table (RLS stays enabled unless disable_rls is true)."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.drop_authentication(
    target_table regclass,
    disable_rls boolean DEFAULT false
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    policy_name text;
BEGIN
    FOR policy_name IN
        SELECT p.polname FROM pg_policy AS p
        WHERE p.polrelid = target_table AND p.polname LIKE 'pgshift\_%'
        ORDER BY p.polname
    LOOP
        EXECUTE format('DROP POLICY %I ON %s', policy_name,
                       pgshift_define.qualified_name(target_table));
    END LOOP;
    IF disable_rls THEN
        EXECUTE format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY',
                       pgshift_define.qualified_name(target_table));
    END IF;
END
$$;
COMMENT ON FUNCTION pgshift_define.drop_authentication(regclass, boolean) IS
'Drops every policy whose name starts with pgshift_ from target_table; with disable_rls, also disables row-level security.';

/*-snippet
{
  "body": "SELECT pgshift_define.create_policy('${1:table}'::regclass, '${2:pgshift_custom}', '${3:ALL}', '${4:using_expression}', ${5:NULL});",
  "description": "Replace one permissive policy on a table (expressions are SQL text used as written)."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.create_policy(
    target_table regclass,
    policy_name text,
    command text,
    using_expression text,
    check_expression text DEFAULT NULL,
    restrictive boolean DEFAULT false
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF command IS NULL OR upper(command) NOT IN ('ALL', 'SELECT', 'INSERT', 'UPDATE', 'DELETE') THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('pgshift_define.create_policy: command must be ALL, SELECT, INSERT, UPDATE or DELETE, got %L',
                             command);
    END IF;
    EXECUTE format('DROP POLICY IF EXISTS %I ON %s', policy_name,
                   pgshift_define.qualified_name(target_table));
    EXECUTE format('CREATE POLICY %I ON %s AS %s FOR %s%s%s', policy_name,
                   pgshift_define.qualified_name(target_table),
                   CASE WHEN restrictive THEN 'RESTRICTIVE' ELSE 'PERMISSIVE' END, upper(command),
                   CASE WHEN using_expression IS NULL THEN ''
                        ELSE format(' USING (%s)', using_expression) END,
                   CASE WHEN check_expression IS NULL THEN ''
                        ELSE format(' WITH CHECK (%s)', check_expression) END);
END
$$;
COMMENT ON FUNCTION pgshift_define.create_policy(regclass, text, text, text, text, boolean) IS
'Drops policy_name on target_table if it exists and creates it FOR command (ALL, SELECT, INSERT, UPDATE, DELETE) with the USING and WITH CHECK expressions (SQL text, used as written), permissive unless restrictive.';

/*-snippet
{
  "body": "SELECT pgshift_define.permission_check(ARRAY['${1:permission}']);",
  "description": "The policy expression that is true when the caller holds one of the permissions."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.permission_check(permissions text[])
RETURNS text
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT format('(SELECT pgshift_utils.user_has_any_permission(%L::text[]))',
                  coalesce(permissions, '{}'::text[]))
$$;
COMMENT ON FUNCTION pgshift_define.permission_check(text[]) IS
'SQL text of a policy expression that is true when the caller holds at least one of permissions (evaluated once per statement). An empty or NULL array gives an expression that is always false.';

/*-snippet
{
  "body": "SELECT pgshift_define.drop_permission_policies('${1:table}'::regclass);",
  "description": "Drop the permissive pgshift_* policies of a table (pgshift_tenant, restrictive, stays)."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.drop_permission_policies(target_table regclass)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    policy_name text;
BEGIN
    -- Permissive policies are OR-ed: one left by another style of authentication would keep
    -- granting what the new style refuses.
    FOR policy_name IN
        SELECT p.polname FROM pg_policy AS p
        WHERE p.polrelid = target_table AND p.polname LIKE 'pgshift\_%' AND p.polpermissive
        ORDER BY p.polname
    LOOP
        EXECUTE format('DROP POLICY %I ON %s', policy_name,
                       pgshift_define.qualified_name(target_table));
    END LOOP;
END
$$;
COMMENT ON FUNCTION pgshift_define.drop_permission_policies(regclass) IS
'Drops the permissive pgshift_* policies of target_table (pgshift_read, pgshift_modify, pgshift_owner_*), keeping the restrictive pgshift_tenant. Every define_*_authentication calls it first, so switching styles leaves no policy of the old one behind.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_authentication(ARRAY['${1:items:read}'], ARRAY['${2:items:write}'], '${3:table}'::regclass);",
  "description": "Enable RLS: read_permissions may SELECT, modify_permissions may SELECT, INSERT, UPDATE and DELETE."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_authentication(
    read_permissions text[],
    modify_permissions text[],
    target_table regclass
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY',
                   pgshift_define.qualified_name(target_table));
    PERFORM pgshift_define.drop_permission_policies(target_table);
    PERFORM pgshift_define.create_policy(
        target_table, 'pgshift_read', 'SELECT',
        pgshift_define.permission_check(read_permissions));
    PERFORM pgshift_define.create_policy(
        target_table, 'pgshift_modify', 'ALL',
        pgshift_define.permission_check(modify_permissions),
        pgshift_define.permission_check(modify_permissions));
END
$$;
COMMENT ON FUNCTION pgshift_define.define_authentication(text[], text[], regclass) IS
'Enables row-level security on target_table with policy pgshift_read (SELECT for any of read_permissions) and pgshift_modify (every command, rows read and written, for any of modify_permissions). Roles still need the table privileges (GRANT).';

/*-snippet
{
  "body": "SELECT pgshift_define.define_readonly_authentication(ARRAY['${1:items:read}'], '${2:table}'::regclass);",
  "description": "Enable RLS: read_permissions may SELECT; no one subject to RLS may modify."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_readonly_authentication(
    read_permissions text[],
    target_table regclass
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY',
                   pgshift_define.qualified_name(target_table));
    PERFORM pgshift_define.drop_permission_policies(target_table);
    PERFORM pgshift_define.create_policy(
        target_table, 'pgshift_read', 'SELECT',
        pgshift_define.permission_check(read_permissions));
END
$$;
COMMENT ON FUNCTION pgshift_define.define_readonly_authentication(text[], regclass) IS
'Enables row-level security on target_table with only policy pgshift_read (SELECT for any of read_permissions): inserts, updates and deletes are refused to every role subject to RLS.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_end_user_authentication(ARRAY['${1:notes:read}'], ARRAY['${2:notes:write}'], '${3:table}'::regclass${4:, owner_column => 'user_id'});",
  "description": "Enable RLS where users with the permissions see and change only their own rows (owner_column = pgshift.auth.user_id)."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_end_user_authentication(
    read_permissions text[],
    modify_permissions text[],
    target_table regclass,
    owner_column text DEFAULT 'user_id'
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    owner_check text;
BEGIN
    PERFORM pgshift_define.require_columns(
        target_table, ARRAY[owner_column], 'pgshift_define.define_end_user_authentication',
        'uuid'::regtype);
    owner_check := format('%I = (SELECT pgshift_utils.current_user_id())', owner_column);
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY',
                   pgshift_define.qualified_name(target_table));
    PERFORM pgshift_define.drop_permission_policies(target_table);
    PERFORM pgshift_define.create_policy(
        target_table, 'pgshift_owner_read', 'SELECT',
        pgshift_define.permission_check(read_permissions) || ' AND ' || owner_check);
    PERFORM pgshift_define.create_policy(
        target_table, 'pgshift_owner_modify', 'ALL',
        pgshift_define.permission_check(modify_permissions) || ' AND ' || owner_check,
        pgshift_define.permission_check(modify_permissions) || ' AND ' || owner_check);
END
$$;
COMMENT ON FUNCTION pgshift_define.define_end_user_authentication(text[], text[], regclass, text) IS
'Enables row-level security on target_table with policies pgshift_owner_read (SELECT) and pgshift_owner_modify (every command) limited to rows whose owner_column (uuid) is the session user (pgshift.auth.user_id), for callers holding one of read_permissions / modify_permissions.';
