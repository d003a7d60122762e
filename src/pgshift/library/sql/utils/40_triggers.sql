-- Trigger functions: change notifications and audit columns. Tables get them through the
-- pgshift_define.define_*_trigger functions, which check the columns and pass their names as
-- trigger arguments (TG_ARGV); the functions below trust those arguments.
--
-- Columns are read and written by name through jsonb (to_jsonb / jsonb_populate_record), which
-- keeps one trigger function usable on any table without dynamic SQL per row.

/*-snippet
{
  "body": "pgshift_utils.tg_notify_subscription()",
  "description": "Row trigger (AFTER INSERT/UPDATE/DELETE): pg_notify(channel, {\"event\", \"subject\"}). Use pgshift_define.define_subscription_triggers."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.tg_notify_subscription()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    channel text := TG_ARGV[0];
    subject_column text := coalesce(TG_ARGV[1], 'id');
    row_data jsonb;
    payload text;
BEGIN
    IF channel IS NULL OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('pgshift_utils.tg_notify_subscription on %I.%I must be an AFTER ... FOR EACH ROW trigger with a channel argument',
                             TG_TABLE_SCHEMA, TG_TABLE_NAME),
            HINT = 'Create it with pgshift_define.define_subscription_triggers.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        row_data := to_jsonb(OLD);
    ELSE
        row_data := to_jsonb(NEW);
    END IF;
    payload := jsonb_build_object('event', lower(TG_OP), 'subject', row_data -> subject_column)::text;
    -- pg_notify refuses a payload of 8000 bytes or more, which would fail the caller's write:
    -- a subject too long to send is sent as null, with "truncated": true.
    IF octet_length(payload) >= 8000 THEN
        payload := jsonb_build_object('event', lower(TG_OP), 'subject', NULL, 'truncated', true)::text;
    END IF;
    PERFORM pg_notify(channel, payload);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION pgshift_utils.tg_notify_subscription() IS
'AFTER row trigger: sends pg_notify(TG_ARGV[0], ''{"event": "insert"|"update"|"delete", "subject": <value of column TG_ARGV[1], default id>}''); a subject that would make the payload 8000 bytes or more is sent as null with "truncated": true. Created by pgshift_define.define_subscription_triggers.';

/*-snippet
{
  "body": "pgshift_utils.tg_timestamps()",
  "description": "BEFORE INSERT OR UPDATE row trigger keeping created/updated timestamps. Use pgshift_define.define_timestamps_trigger."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.tg_timestamps()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    created_column text := coalesce(TG_ARGV[0], 'created_at');
    updated_column text := coalesce(TG_ARGV[1], 'updated_at');
    stamp timestamptz := now();
    previous timestamptz;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW := jsonb_populate_record(NEW, jsonb_build_object(
            created_column, stamp, updated_column, stamp));
        RETURN NEW;
    END IF;
    -- now() is the transaction's start time: a second update in the same transaction, or a
    -- clock that stepped back, would not move updated_at. Step one microsecond past the old
    -- value instead, so updated_at strictly increases with every update.
    -- The values travel as timestamptz (JSON with an explicit offset), so the session's
    -- TimeZone cannot shift them.
    previous := (to_jsonb(OLD) ->> updated_column)::timestamptz;
    IF previous IS NOT NULL AND previous >= stamp THEN
        stamp := previous + interval '1 microsecond';
    END IF;
    NEW := jsonb_populate_record(NEW, jsonb_build_object(
        created_column, to_jsonb(OLD) -> created_column, updated_column, stamp));
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION pgshift_utils.tg_timestamps() IS
'BEFORE INSERT OR UPDATE row trigger: on insert sets columns TG_ARGV[0] (created_at) and TG_ARGV[1] (updated_at) to now(); on update keeps the created value and sets updated to now(), or one microsecond past the previous value when that is not earlier, so it strictly increases. Columns are timestamptz.';

/*-snippet
{
  "body": "pgshift_utils.tg_users()",
  "description": "BEFORE INSERT OR UPDATE row trigger stamping created_by/updated_by from pgshift.auth.user_id. Use pgshift_define.define_users_trigger."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.tg_users()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    created_column text := coalesce(TG_ARGV[0], 'created_by');
    updated_column text := coalesce(TG_ARGV[1], 'updated_by');
    user_id uuid := pgshift_utils.current_user_id();
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW := jsonb_populate_record(NEW, jsonb_build_object(
            created_column, user_id, updated_column, user_id));
    ELSE
        NEW := jsonb_populate_record(NEW, jsonb_build_object(
            created_column, to_jsonb(OLD) -> created_column, updated_column, user_id));
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION pgshift_utils.tg_users() IS
'BEFORE INSERT OR UPDATE row trigger: sets TG_ARGV[0] (created_by) on insert and TG_ARGV[1] (updated_by) on every write to pgshift.auth.user_id (NULL when the session has none); created_by never changes on update.';

/*-snippet
{
  "body": "pgshift_utils.tg_user_id()",
  "description": "BEFORE INSERT OR UPDATE row trigger setting the owner column from pgshift.auth.user_id. Use pgshift_define.define_user_id_trigger."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.tg_user_id()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    owner_column text := coalesce(TG_ARGV[0], 'user_id');
    user_id uuid := pgshift_utils.current_user_id();
BEGIN
    -- Without a user in the session (migrations, seed scripts, admin jobs) the value written is
    -- kept; with one, the row belongs to that user and keeps its owner on update.
    IF user_id IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW := jsonb_populate_record(NEW, jsonb_build_object(owner_column, user_id));
    ELSE
        NEW := jsonb_populate_record(NEW, jsonb_build_object(
            owner_column, to_jsonb(OLD) -> owner_column));
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION pgshift_utils.tg_user_id() IS
'BEFORE INSERT OR UPDATE row trigger: when pgshift.auth.user_id is set, an insert stores it in column TG_ARGV[0] (user_id) and an update keeps the old owner; without a session user the written value is kept.';

/*-snippet
{
  "body": "pgshift_utils.tg_propagate_timestamp()",
  "description": "AFTER row trigger that bumps the parent row's updated timestamp. Use pgshift_define.define_timestamp_propagation."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.tg_propagate_timestamp()
RETURNS trigger
LANGUAGE plpgsql
-- The bump is bookkeeping, not the caller's own write: someone allowed to add a task must move
-- its project's timestamp even when row-level security would not let them edit the project.
-- So this runs as the library's owner. Only that owner may attach it (EXECUTE is revoked from
-- PUBLIC below: a trigger function's privilege is checked when the trigger is created), and
-- only between a child and a parent of one owner who may update the parent column, so that a
-- trigger never reaches further than the tables' own owner could.
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parent_schema text := TG_ARGV[0];
    parent_table text := TG_ARGV[1];
    foreign_key_column text := TG_ARGV[2];
    parent_key_column text := TG_ARGV[3];
    parent_timestamp_column text := TG_ARGV[4];
    -- format_type() of the parent key, set at define time; resolved, never pasted as text
    parent_key_type regtype := to_regtype(TG_ARGV[5]);
    parent_name text := format('%I.%I', parent_schema, parent_table);
    parent_oid oid := to_regclass(parent_name);
    child_owner oid;
    parent_owner oid;
    keys text[] := '{}';
    own_key text;
BEGIN
    IF parent_oid IS NULL OR parent_key_type IS NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('pgshift_utils.tg_propagate_timestamp: no table %s or no type %s',
                             parent_name, TG_ARGV[5]);
    END IF;
    SELECT c.relowner INTO child_owner FROM pg_class AS c WHERE c.oid = TG_RELID;
    SELECT c.relowner INTO parent_owner FROM pg_class AS c WHERE c.oid = parent_oid;
    IF parent_owner <> child_owner
       OR NOT has_column_privilege(child_owner, parent_oid, parent_timestamp_column, 'UPDATE') THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('pgshift_utils.tg_propagate_timestamp: the owner of %I.%I may not update %s.%I',
                             TG_TABLE_SCHEMA, TG_TABLE_NAME, parent_name, parent_timestamp_column);
    END IF;
    -- Each level of a tree is one more nested trigger; a cycle in the data would never end.
    IF pg_trigger_depth() > 100 THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('pgshift_utils.tg_propagate_timestamp: more than 100 nested updates of %s; do its rows point at each other in a cycle?',
                             parent_name);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        keys := keys || (to_jsonb(NEW) ->> foreign_key_column);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        keys := keys || (to_jsonb(OLD) ->> foreign_key_column);
    END IF;
    IF parent_oid = TG_RELID THEN  -- a tree in one table: a row pointing at itself is no parent
        own_key := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END) ->> parent_key_column;
        keys := array_remove(keys, own_key);
    END IF;
    EXECUTE format(
        'UPDATE %s SET %I = greatest(pg_catalog.now(), %I + interval ''1 microsecond'')'
        ' WHERE %I = ANY ($1::%s[])',
        parent_name, parent_timestamp_column, parent_timestamp_column,
        parent_key_column, format_type(parent_key_type, NULL))
    USING ARRAY(SELECT DISTINCT k FROM unnest(keys) AS u(k) WHERE k IS NOT NULL);
    RETURN NULL;
END
$$;
-- CREATE OR REPLACE keeps a function's privileges, so this runs on every install.
REVOKE EXECUTE ON FUNCTION pgshift_utils.tg_propagate_timestamp() FROM PUBLIC;
COMMENT ON FUNCTION pgshift_utils.tg_propagate_timestamp() IS
'AFTER INSERT/UPDATE/DELETE row trigger: moves the updated timestamp of the parent row(s) the changed row points to forward (now(), or one microsecond past its value). Runs as the library owner (security definer) so row-level security on the parent does not stop it; only the library owner may attach it (no EXECUTE for PUBLIC), and only between tables of one owner who may update the parent column (42501 otherwise). A row pointing at itself is skipped; more than 100 nested propagations (a cycle in the data) raise PS001. Arguments: parent schema, parent table, foreign key column, parent key column, parent timestamp column, parent key type.';
