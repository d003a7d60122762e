-- Triggers: change notifications and audit columns, each with a define_* and a drop_* function.
-- Trigger names are fixed (pgshift_notify_insert, pgshift_timestamps, ...) so that calling a
-- define function again replaces its trigger instead of adding a second one.

/*-snippet
{
  "body": "SELECT pgshift_define.define_subscription_triggers('${1:table}'::regclass${2:, subject_column => 'id'});",
  "description": "AFTER INSERT/UPDATE/DELETE row triggers sending pg_notify on the table's channel with {\"event\", \"subject\"}; returns the channel."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_subscription_triggers(
    target_table regclass,
    subject_column text DEFAULT 'id',
    channel text DEFAULT NULL,
    events text[] DEFAULT ARRAY['insert', 'update', 'delete']
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_subscription_triggers';
    chosen_channel text;
    event text;
BEGIN
    PERFORM pgshift_define.require_columns(target_table, ARRAY[subject_column], caller);
    IF events IS NULL OR NOT events <@ ARRAY['insert', 'update', 'delete'] THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('%s: events must be a subset of {insert,update,delete}, got %s',
                             caller, coalesce(events::text, 'NULL'));
    END IF;
    -- pg_notify refuses channel names of 64 bytes or more, like identifiers.
    chosen_channel := pgshift_utils.check_identifier_length(
        coalesce(channel, format('%s.%s', (SELECT n.nspname FROM pg_class AS c
                                           JOIN pg_namespace AS n ON n.oid = c.relnamespace
                                           WHERE c.oid = target_table),
                                 pgshift_define.relation_name(target_table))),
        'channel', caller);
    FOREACH event IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
        IF event = ANY (events) THEN
            PERFORM pgshift_define.replace_trigger(
                target_table, 'pgshift_notify_' || event, 'AFTER ' || upper(event),
                'tg_notify_subscription', ARRAY[chosen_channel, subject_column]);
        ELSE
            PERFORM pgshift_define.drop_trigger(target_table, 'pgshift_notify_' || event);
        END IF;
    END LOOP;
    RETURN chosen_channel;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_subscription_triggers(regclass, text, text, text[]) IS
'Creates AFTER row triggers pgshift_notify_insert/_update/_delete (those in events) on target_table calling pgshift_utils.tg_notify_subscription; each change sends {"event": ..., "subject": <subject_column>} on channel (default "schema.table"). Returns the channel. PS003 when the column is missing, PS002 when the channel is over 63 bytes.';

/*-snippet
{
  "body": "SELECT pgshift_define.drop_subscription_triggers('${1:table}'::regclass);",
  "description": "Drop the notification triggers made by define_subscription_triggers."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.drop_subscription_triggers(target_table regclass)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pgshift_define.drop_trigger(target_table, 'pgshift_notify_' || event)
    FROM unnest(ARRAY['insert', 'update', 'delete']) AS e(event);
END
$$;
COMMENT ON FUNCTION pgshift_define.drop_subscription_triggers(regclass) IS
'Drops the pgshift_notify_* triggers of target_table.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_timestamps_trigger('${1:table}'::regclass);",
  "description": "BEFORE INSERT OR UPDATE trigger keeping created_at/updated_at (timestamptz); updated_at strictly increases."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_timestamps_trigger(
    target_table regclass,
    created_column text DEFAULT 'created_at',
    updated_column text DEFAULT 'updated_at'
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pgshift_define.require_columns(
        target_table, ARRAY[created_column, updated_column],
        'pgshift_define.define_timestamps_trigger', 'timestamptz'::regtype);
    PERFORM pgshift_define.replace_trigger(
        target_table, 'pgshift_timestamps', 'BEFORE INSERT OR UPDATE', 'tg_timestamps',
        ARRAY[created_column, updated_column]);
END
$$;
COMMENT ON FUNCTION pgshift_define.define_timestamps_trigger(regclass, text, text) IS
'Creates trigger pgshift_timestamps (pgshift_utils.tg_timestamps) on target_table: created_column set on insert and kept, updated_column set on every write and strictly increasing. Both columns must be timestamptz (PS003 otherwise).';

/*-snippet
{
  "body": "SELECT pgshift_define.drop_timestamps_trigger('${1:table}'::regclass);",
  "description": "Drop the trigger made by define_timestamps_trigger."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.drop_timestamps_trigger(target_table regclass)
RETURNS void
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_define.drop_trigger(target_table, 'pgshift_timestamps')
$$;
COMMENT ON FUNCTION pgshift_define.drop_timestamps_trigger(regclass) IS
'Drops trigger pgshift_timestamps from target_table.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_users_trigger('${1:table}'::regclass);",
  "description": "BEFORE INSERT OR UPDATE trigger setting created_by/updated_by (uuid) from pgshift.auth.user_id."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_users_trigger(
    target_table regclass,
    created_column text DEFAULT 'created_by',
    updated_column text DEFAULT 'updated_by'
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pgshift_define.require_columns(
        target_table, ARRAY[created_column, updated_column],
        'pgshift_define.define_users_trigger', 'uuid'::regtype);
    PERFORM pgshift_define.replace_trigger(
        target_table, 'pgshift_users', 'BEFORE INSERT OR UPDATE', 'tg_users',
        ARRAY[created_column, updated_column]);
END
$$;
COMMENT ON FUNCTION pgshift_define.define_users_trigger(regclass, text, text) IS
'Creates trigger pgshift_users (pgshift_utils.tg_users) on target_table: created_column and updated_column (uuid) take pgshift.auth.user_id; created_column never changes on update.';

/*-snippet
{
  "body": "SELECT pgshift_define.drop_users_trigger('${1:table}'::regclass);",
  "description": "Drop the trigger made by define_users_trigger."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.drop_users_trigger(target_table regclass)
RETURNS void
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_define.drop_trigger(target_table, 'pgshift_users')
$$;
COMMENT ON FUNCTION pgshift_define.drop_users_trigger(regclass) IS
'Drops trigger pgshift_users from target_table.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_user_id_trigger('${1:table}'::regclass${2:, owner_column => 'user_id'});",
  "description": "BEFORE INSERT OR UPDATE trigger making the session's user (pgshift.auth.user_id) the row's owner."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_user_id_trigger(
    target_table regclass,
    owner_column text DEFAULT 'user_id'
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pgshift_define.require_columns(
        target_table, ARRAY[owner_column], 'pgshift_define.define_user_id_trigger',
        'uuid'::regtype);
    PERFORM pgshift_define.replace_trigger(
        target_table, 'pgshift_user_id', 'BEFORE INSERT OR UPDATE', 'tg_user_id',
        ARRAY[owner_column]);
END
$$;
COMMENT ON FUNCTION pgshift_define.define_user_id_trigger(regclass, text) IS
'Creates trigger pgshift_user_id (pgshift_utils.tg_user_id) on target_table: with a user in the session, owner_column (uuid) is set to it on insert and kept on update.';

/*-snippet
{
  "body": "SELECT pgshift_define.drop_user_id_trigger('${1:table}'::regclass);",
  "description": "Drop the trigger made by define_user_id_trigger."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.drop_user_id_trigger(target_table regclass)
RETURNS void
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_define.drop_trigger(target_table, 'pgshift_user_id')
$$;
COMMENT ON FUNCTION pgshift_define.drop_user_id_trigger(regclass) IS
'Drops trigger pgshift_user_id from target_table.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_timestamp_propagation('${1:child}'::regclass, '${2:parent}'::regclass, '${3:parent_id}');",
  "description": "When a child row changes, move its parent's updated_at forward; returns the trigger name."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_timestamp_propagation(
    target_table regclass,
    parent_table regclass,
    foreign_key_column text,
    parent_key_column text DEFAULT 'id',
    parent_timestamp_column text DEFAULT 'updated_at',
    trigger_name text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_timestamp_propagation';
    chosen_name text;
    key_type text;
BEGIN
    PERFORM pgshift_define.require_columns(target_table, ARRAY[foreign_key_column], caller);
    PERFORM pgshift_define.require_columns(parent_table, ARRAY[parent_key_column], caller);
    PERFORM pgshift_define.require_columns(
        parent_table, ARRAY[parent_timestamp_column], caller, 'timestamptz'::regtype);
    chosen_name := coalesce(
        pgshift_utils.check_identifier_length(trigger_name, 'trigger_name', caller),
        pgshift_define.generated_name(ARRAY['pgshift_propagate'], foreign_key_column,
                                      'trigger_name', caller));
    -- format_type renders the key's type schema-qualified when it is not in pg_catalog (the
    -- search_path here), so the trigger can cast to it from any session.
    SELECT format_type(a.atttypid, a.atttypmod) INTO key_type FROM pg_attribute AS a
    WHERE a.attrelid = parent_table AND a.attname = parent_key_column;
    PERFORM pgshift_define.replace_trigger(
        target_table, chosen_name, 'AFTER INSERT OR UPDATE OR DELETE', 'tg_propagate_timestamp',
        ARRAY[(SELECT n.nspname::text FROM pg_class AS c JOIN pg_namespace AS n
               ON n.oid = c.relnamespace WHERE c.oid = parent_table),
              pgshift_define.relation_name(parent_table), foreign_key_column,
              parent_key_column, parent_timestamp_column, key_type]);
    RETURN chosen_name;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_timestamp_propagation(regclass, regclass, text, text, text, text) IS
'Creates an AFTER INSERT/UPDATE/DELETE row trigger (default name pgshift_propagate_<foreign_key_column>) on target_table that moves parent_timestamp_column of the parent_table row whose parent_key_column equals foreign_key_column forward to now() (or one microsecond past its value). Returns the trigger name.';

/*-snippet
{
  "body": "SELECT pgshift_define.drop_timestamp_propagation('${1:child}'::regclass, '${2:parent_id}');",
  "description": "Drop the trigger made by define_timestamp_propagation."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.drop_timestamp_propagation(
    target_table regclass,
    foreign_key_column text,
    trigger_name text DEFAULT NULL
)
RETURNS void
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_define.drop_trigger(
        target_table, coalesce(trigger_name, 'pgshift_propagate_' || foreign_key_column))
$$;
COMMENT ON FUNCTION pgshift_define.drop_timestamp_propagation(regclass, text, text) IS
'Drops the trigger made by define_timestamp_propagation (default name pgshift_propagate_<foreign_key_column>).';

/*-snippet
{
  "body": "SELECT pgshift_define.define_audit_columns('${1:table}'::regclass);",
  "description": "Add created_at/updated_at (and created_by/updated_by) columns with their triggers."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_audit_columns(
    target_table regclass,
    with_users boolean DEFAULT true
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    table_name constant text := pgshift_define.qualified_name(target_table);
BEGIN
    EXECUTE format('ALTER TABLE %s'
                   ' ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now(),'
                   ' ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now()',
                   table_name);
    PERFORM pgshift_define.define_timestamps_trigger(target_table);
    IF with_users THEN
        EXECUTE format('ALTER TABLE %s'
                       ' ADD COLUMN IF NOT EXISTS created_by uuid,'
                       ' ADD COLUMN IF NOT EXISTS updated_by uuid', table_name);
        PERFORM pgshift_define.define_users_trigger(target_table);
    END IF;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_audit_columns(regclass, boolean) IS
'Adds created_at and updated_at (timestamptz NOT NULL DEFAULT now()) and, with with_users, created_by and updated_by (uuid) to target_table when missing, and defines the timestamps and users triggers.';
