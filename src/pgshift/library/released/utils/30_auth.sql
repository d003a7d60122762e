-- Authorization: who is calling, read from transaction-local session settings that the
-- application sets (pgshift.session in Python, or set_config(name, value, true) in SQL):
--   pgshift.auth.subject_name   text, e.g. the login name or service name
--   pgshift.auth.permissions    a JSON array of strings, or a comma-separated list
--   pgshift.auth.tags           same format as permissions
--   pgshift.auth.user_id        a UUID
--   pgshift.tenant_id           a UUID
--   pgshift.environment_id      a UUID
-- Settings are read with current_setting(name, true): an unknown setting is NULL, and an empty one
-- (what a transaction-local value leaves behind after its transaction ends) also counts as unset.

/*-snippet
{
  "body": "pgshift_utils.session_setting('${1:pgshift.auth.subject_name}')",
  "description": "The value of a session setting, NULL when it is unset or empty."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.session_setting(setting_name text)
RETURNS text
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT nullif(current_setting(setting_name, true), '')
$$;
COMMENT ON FUNCTION pgshift_utils.session_setting(text) IS
'The value of setting setting_name (for example pgshift.auth.user_id), or NULL when it is not set or set to the empty string.';

/*-snippet
{
  "body": "pgshift_utils.session_list('${1:pgshift.auth.permissions}')",
  "description": "A list-valued session setting (JSON array or comma-separated) as a text array."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.session_list(setting_name text)
RETURNS text[]
LANGUAGE plpgsql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw text := btrim(pgshift_utils.session_setting(setting_name));
    items text[];
BEGIN
    IF raw IS NULL OR raw = '' THEN
        RETURN '{}'::text[];
    END IF;
    IF left(raw, 1) <> '[' THEN
        -- Plain form: names separated by commas, spaces around them ignored.
        SELECT coalesce(array_agg(btrim(item)), '{}') INTO items
        FROM unnest(string_to_array(raw, ',')) AS s(item)
        WHERE btrim(item) <> '';
        RETURN items;
    END IF;
    BEGIN
        SELECT coalesce(array_agg(item), '{}') INTO items
        FROM jsonb_array_elements_text(raw::jsonb) AS j(item);
    EXCEPTION WHEN invalid_text_representation OR invalid_parameter_value
                   OR data_exception THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS005',
            MESSAGE = format('setting %s is not a JSON array of strings: %s', setting_name, SQLERRM);
    END;
    RETURN items;
END
$$;
COMMENT ON FUNCTION pgshift_utils.session_list(text) IS
'Setting setting_name as a text array: a JSON array of strings (["a","b"]) or a comma-separated list (a, b). Unset: empty array. Malformed JSON: PS005.';

/*-snippet
{
  "body": "pgshift_utils.session_uuid('${1:pgshift.auth.user_id}')",
  "description": "A UUID-valued session setting; NULL when unset, PS005 when it is not a UUID."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.session_uuid(setting_name text)
RETURNS uuid
LANGUAGE plpgsql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw text := btrim(pgshift_utils.session_setting(setting_name));
BEGIN
    -- Checked before the cast rather than caught after it: an exception block would open a
    -- subtransaction on every call, and policies call this for every query.
    IF raw IS NULL THEN
        RETURN NULL;
    END IF;
    IF raw !~* '^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS005',
            MESSAGE = format('setting %s is not a UUID: %L', setting_name, raw);
    END IF;
    RETURN raw::uuid;
END
$$;
COMMENT ON FUNCTION pgshift_utils.session_uuid(text) IS
'Setting setting_name as a uuid: NULL when unset or empty, PS005 when it is not a UUID.';

/*-snippet
{
  "body": "pgshift_utils.current_subject_name()",
  "description": "The caller's subject name (pgshift.auth.subject_name), or NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.current_subject_name()
RETURNS text
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_utils.session_setting('pgshift.auth.subject_name')
$$;
COMMENT ON FUNCTION pgshift_utils.current_subject_name() IS
'The caller''s subject name from pgshift.auth.subject_name, NULL when unset.';

/*-snippet
{
  "body": "pgshift_utils.current_user_id()",
  "description": "The caller's user id (pgshift.auth.user_id) as a uuid, or NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.current_user_id()
RETURNS uuid
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_utils.session_uuid('pgshift.auth.user_id')
$$;
COMMENT ON FUNCTION pgshift_utils.current_user_id() IS
'The caller''s user id from pgshift.auth.user_id: NULL when unset, PS005 when not a UUID.';

/*-snippet
{
  "body": "pgshift_utils.current_tenant_id()",
  "description": "The caller's tenant id (pgshift.tenant_id) as a uuid, or NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.current_tenant_id()
RETURNS uuid
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_utils.session_uuid('pgshift.tenant_id')
$$;
COMMENT ON FUNCTION pgshift_utils.current_tenant_id() IS
'The caller''s tenant id from pgshift.tenant_id: NULL when unset, PS005 when not a UUID.';

/*-snippet
{
  "body": "pgshift_utils.current_environment_id()",
  "description": "The caller's environment id (pgshift.environment_id) as a uuid, or NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.current_environment_id()
RETURNS uuid
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_utils.session_uuid('pgshift.environment_id')
$$;
COMMENT ON FUNCTION pgshift_utils.current_environment_id() IS
'The caller''s environment id from pgshift.environment_id: NULL when unset, PS005 when not a UUID.';

/*-snippet
{
  "body": "pgshift_utils.current_permissions()",
  "description": "The caller's permissions (pgshift.auth.permissions) as a text array."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.current_permissions()
RETURNS text[]
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_utils.session_list('pgshift.auth.permissions')
$$;
COMMENT ON FUNCTION pgshift_utils.current_permissions() IS
'The caller''s permissions from pgshift.auth.permissions (JSON array or comma-separated); empty when unset.';

/*-snippet
{
  "body": "pgshift_utils.current_tags()",
  "description": "The caller's tags (pgshift.auth.tags) as a text array."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.current_tags()
RETURNS text[]
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_utils.session_list('pgshift.auth.tags')
$$;
COMMENT ON FUNCTION pgshift_utils.current_tags() IS
'The caller''s tags from pgshift.auth.tags (JSON array or comma-separated); empty when unset.';

/*-snippet
{
  "body": "pgshift_utils.user_has_permission('${1:permission}')",
  "description": "True when the caller holds the permission (exact match: _ and % are literal)."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.user_has_permission(permission text)
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    -- Equality, never LIKE: a permission named 'a_b' or '100%' must not match anything else.
    SELECT coalesce(permission = ANY (pgshift_utils.current_permissions()), false)
$$;
COMMENT ON FUNCTION pgshift_utils.user_has_permission(text) IS
'True when permission is one of pgshift.auth.permissions, compared exactly (_ and % are ordinary characters). NULL permission: false.';

/*-snippet
{
  "body": "pgshift_utils.user_has_any_permission(ARRAY['${1:permission}'])",
  "description": "True when the caller holds at least one of the permissions (exact match)."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.user_has_any_permission(permissions text[])
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(permissions && pgshift_utils.current_permissions(), false)
$$;
COMMENT ON FUNCTION pgshift_utils.user_has_any_permission(text[]) IS
'True when at least one of permissions is in pgshift.auth.permissions (exact comparison). Empty or NULL array: false.';

/*-snippet
{
  "body": "pgshift_utils.user_has_tag('${1:tag}')",
  "description": "True when the caller carries the tag (exact match)."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.user_has_tag(tag text)
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(tag = ANY (pgshift_utils.current_tags()), false)
$$;
COMMENT ON FUNCTION pgshift_utils.user_has_tag(text) IS
'True when tag is one of pgshift.auth.tags, compared exactly. NULL tag: false.';

/*-snippet
{
  "body": "pgshift_utils.user_has_permission_and_tag('${1:permission}', '${2:tag}')",
  "description": "True when the caller holds the permission and carries the tag."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.user_has_permission_and_tag(permission text, tag text)
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_utils.user_has_permission(permission) AND pgshift_utils.user_has_tag(tag)
$$;
COMMENT ON FUNCTION pgshift_utils.user_has_permission_and_tag(text, text) IS
'True when the caller holds permission and carries tag (both compared exactly).';

/*-snippet
{
  "body": "PERFORM pgshift_utils.require_permission('${1:permission}');",
  "description": "Raise PSA01 unless the caller holds the permission; returns true otherwise."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.require_permission(permission text)
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.user_has_permission(permission) THEN true
        ELSE pgshift_utils.raise_error('permission %s is required', 'PSA01',
                                       coalesce(quote_literal(permission), 'NULL'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.require_permission(text) IS
'Returns true when the caller holds permission; otherwise raises PSA01 naming it.';

/*-snippet
{
  "body": "pgshift_utils.require_user_id()",
  "description": "The caller's user id; raises PSA02 when the session has none."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.require_user_id()
RETURNS uuid
LANGUAGE plpgsql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    user_id uuid := pgshift_utils.current_user_id();
BEGIN
    IF user_id IS NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PSA02',
            MESSAGE = 'no user in the session: set pgshift.auth.user_id';
    END IF;
    RETURN user_id;
END
$$;
COMMENT ON FUNCTION pgshift_utils.require_user_id() IS
'The caller''s user id from pgshift.auth.user_id; raises PSA02 when it is not set.';
