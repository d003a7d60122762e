--! Previous: -
--! Hash: sha1:0dee2763a5f564393a6b74517ff1ba110af1b5fc
--! Message: pgshift library

-- pgshift_define: migration-time helpers of the pgshift SQL library.
-- Written by `pgshift library define-migration`; catalogue in pgshift's docs/library.md.
-- The functions call pgshift_utils, which `pgshift migrate` installs before migrations run.
-- Safe to run again: every statement is CREATE ... IF NOT EXISTS or CREATE OR REPLACE.

-- from sql/define/00_helpers.sql
-- pgshift_define: the migration-time half of pgshift's SQL helper library (docs/library.md).
--
-- Migrations call these functions to build tables the same way every time. They live in the
-- migration history (written by `pgshift library define-migration`), so a replay on a fresh
-- database uses the same versions. Every function is safe to call again with the same arguments
-- (watch mode re-runs current.sql on every save): objects that exist are kept or replaced.
--
-- Tables are passed as regclass ('app.items'::regclass resolves the name once, where the caller
-- writes it); everything generated is built with format('%I') from the catalog's own names, and
-- every function pins search_path, so the caller's search_path never changes what is created.

CREATE SCHEMA IF NOT EXISTS pgshift_define;

CREATE OR REPLACE FUNCTION pgshift_define.qualified_name(target_table regclass)
RETURNS text
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT format('%I.%I', n.nspname, c.relname)
    FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.oid = target_table
$$;
COMMENT ON FUNCTION pgshift_define.qualified_name(regclass) IS
'The schema-qualified, quoted name of target_table ("schema"."table"), whatever the search_path.';

CREATE OR REPLACE FUNCTION pgshift_define.relation_name(target_table regclass)
RETURNS text
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.relname::text FROM pg_class AS c WHERE c.oid = target_table
$$;
COMMENT ON FUNCTION pgshift_define.relation_name(regclass) IS
'The bare name of target_table (no schema, not quoted), used to build index, constraint and channel names.';

CREATE OR REPLACE FUNCTION pgshift_define.column_exists(target_table regclass, column_name text)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM pg_attribute AS a
        WHERE a.attrelid = target_table AND a.attname = column_name
          AND a.attnum > 0 AND NOT a.attisdropped)
$$;
COMMENT ON FUNCTION pgshift_define.column_exists(regclass, text) IS
'True when target_table has a (not dropped) column named column_name, compared exactly.';

CREATE OR REPLACE FUNCTION pgshift_define.require_columns(
    target_table regclass,
    column_names text[],
    caller text,
    required_type regtype DEFAULT NULL
)
RETURNS void
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    name text;
    actual regtype;
BEGIN
    IF target_table IS NULL OR column_names IS NULL OR cardinality(column_names) = 0 THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('%s: a table and at least one column are required', caller);
    END IF;
    FOREACH name IN ARRAY column_names LOOP
        SELECT a.atttypid INTO actual FROM pg_attribute AS a
        WHERE a.attrelid = target_table AND a.attname = name AND a.attnum > 0
          AND NOT a.attisdropped;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING
                ERRCODE = 'PS003',
                MESSAGE = format('%s: table %s has no column %I', caller,
                                 pgshift_define.qualified_name(target_table), name),
                COLUMN = coalesce(name, '');
        END IF;
        IF required_type IS NOT NULL AND actual <> required_type THEN
            RAISE EXCEPTION USING
                ERRCODE = 'PS003',
                MESSAGE = format('%s: column %I of %s is %s; it must be %s', caller, name,
                                 pgshift_define.qualified_name(target_table),
                                 format_type(actual, NULL), format_type(required_type, NULL)),
                COLUMN = name;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION pgshift_define.require_columns(regclass, text[], text, regtype) IS
'Raises PS003 (naming caller) unless target_table has every column in column_names, and each is of required_type when that is given; PS001 for a NULL table or an empty list.';

CREATE OR REPLACE FUNCTION pgshift_define.column_list(column_names text[])
RETURNS text
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT string_agg(format('%I', name), ', ' ORDER BY position)
    FROM unnest(column_names) WITH ORDINALITY AS u(name, position)
$$;
COMMENT ON FUNCTION pgshift_define.column_list(text[]) IS
'The column names quoted with %I and joined with ", ", in order; NULL for an empty array.';

CREATE OR REPLACE FUNCTION pgshift_define.generated_name(
    parts text[],
    suffix text,
    argument_name text,
    caller text
)
RETURNS text
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_utils.check_identifier_length(
        array_to_string(parts || suffix, '_'), argument_name, caller)
$$;
COMMENT ON FUNCTION pgshift_define.generated_name(text[], text, text, text) IS
'Joins parts and suffix with "_" into a generated object name; raises PS002 when it is over 63 bytes, naming argument_name as the way to choose a shorter one.';

CREATE OR REPLACE FUNCTION pgshift_define.replace_trigger(
    target_table regclass,
    trigger_name text,
    timing_and_events text,
    utils_function text,
    arguments text[]
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- timing_and_events goes into the DDL as written, so it must be one of the forms below.
    IF timing_and_events !~ '^(BEFORE|AFTER) (INSERT|UPDATE|DELETE)( OR (INSERT|UPDATE|DELETE))*$' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('pgshift_define.replace_trigger: invalid timing %L', timing_and_events);
    END IF;
    -- CREATE OR REPLACE TRIGGER needs PostgreSQL 14; drop and create works from 13 on.
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', trigger_name,
                   pgshift_define.qualified_name(target_table));
    EXECUTE format('CREATE TRIGGER %I %s ON %s FOR EACH ROW EXECUTE FUNCTION pgshift_utils.%I(%s)',
                   trigger_name, timing_and_events, pgshift_define.qualified_name(target_table),
                   utils_function,
                   (SELECT coalesce(string_agg(format('%L', a), ', ' ORDER BY i), '')
                    FROM unnest(arguments) WITH ORDINALITY AS u(a, i)));
END
$$;
COMMENT ON FUNCTION pgshift_define.replace_trigger(regclass, text, text, text, text[]) IS
'Drops trigger_name on target_table if it exists and creates it again: FOR EACH ROW, timing_and_events (e.g. ''BEFORE INSERT OR UPDATE''), calling pgshift_utils.<utils_function>(arguments).';

CREATE OR REPLACE FUNCTION pgshift_define.drop_trigger(target_table regclass, trigger_name text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', trigger_name,
                   pgshift_define.qualified_name(target_table));
END
$$;
COMMENT ON FUNCTION pgshift_define.drop_trigger(regclass, text) IS
'Drops trigger_name from target_table when it exists.';

-- from sql/define/10_triggers.sql
-- Triggers: change notifications and audit columns, each with a define_* and a drop_* function.
-- Trigger names are fixed (pgshift_notify_insert, pgshift_timestamps, ...) so that calling a
-- define function again replaces its trigger instead of adding a second one.

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

-- from sql/define/20_indexes.sql
-- Indexes and constraints with consistent names: <table>_<columns>_<suffix>, checked against the
-- 63-byte limit (pass index_name / constraint_name to choose another). Each function returns the
-- name it used. An index or constraint that already has that name is left as it is, which makes
-- every call safe to repeat.

CREATE OR REPLACE FUNCTION pgshift_define.define_multi_column_index(
    target_table regclass,
    column_names text[],
    index_name text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_multi_column_index';
    chosen_name text;
BEGIN
    PERFORM pgshift_define.require_columns(target_table, column_names, caller);
    chosen_name := coalesce(
        pgshift_utils.check_identifier_length(index_name, 'index_name', caller),
        pgshift_define.generated_name(
            pgshift_define.relation_name(target_table) || column_names, 'idx', 'index_name',
            caller));
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (%s)', chosen_name,
                   pgshift_define.qualified_name(target_table),
                   pgshift_define.column_list(column_names));
    RETURN chosen_name;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_multi_column_index(regclass, text[], text) IS
'Creates B-tree index index_name (default <table>_<col1>_<col2>..._idx) on target_table(column_names) unless it exists; returns the name.';

CREATE OR REPLACE FUNCTION pgshift_define.define_index(
    target_table regclass,
    column_name text,
    index_name text DEFAULT NULL
)
RETURNS text
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_define.define_multi_column_index(target_table, ARRAY[column_name], index_name)
$$;
COMMENT ON FUNCTION pgshift_define.define_index(regclass, text, text) IS
'Creates B-tree index index_name (default <table>_<column>_idx) on target_table(column_name) unless it exists; returns the name. PS003 for a missing column, PS002 when the generated name is over 63 bytes.';

CREATE OR REPLACE FUNCTION pgshift_define.define_index_with_id(
    target_table regclass,
    column_name text,
    id_column text DEFAULT 'id',
    index_name text DEFAULT NULL
)
RETURNS text[]
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_index_with_id';
    base text;
    names text[];
BEGIN
    PERFORM pgshift_define.require_columns(target_table, ARRAY[column_name, id_column], caller);
    -- Pages ordered by (column, id) need the id as tie-breaker for a stable cursor. The
    -- descending twin serves ORDER BY column DESC NULLS LAST, id DESC, which the ascending index
    -- cannot serve backwards (its NULLs would come first).
    base := coalesce(index_name,
                     array_to_string(ARRAY[pgshift_define.relation_name(target_table),
                                           column_name, id_column], '_'));
    names := ARRAY[pgshift_utils.check_identifier_length(base || '_asc_idx', 'index_name', caller),
                   pgshift_utils.check_identifier_length(base || '_desc_idx', 'index_name', caller)];
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (%I, %I)', names[1],
                   pgshift_define.qualified_name(target_table), column_name, id_column);
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (%I DESC NULLS LAST, %I DESC)', names[2],
                   pgshift_define.qualified_name(target_table), column_name, id_column);
    RETURN names;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_index_with_id(regclass, text, text, text) IS
'Creates two indexes for cursor pagination on target_table: (column_name, id_column) named <base>_asc_idx and (column_name DESC NULLS LAST, id_column DESC) named <base>_desc_idx, where base is index_name or <table>_<column>_<id>. Returns both names.';

CREATE OR REPLACE FUNCTION pgshift_define.define_unique_index(
    target_table regclass,
    column_names text[],
    index_name text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_unique_index';
    chosen_name text;
BEGIN
    PERFORM pgshift_define.require_columns(target_table, column_names, caller);
    chosen_name := coalesce(
        pgshift_utils.check_identifier_length(index_name, 'index_name', caller),
        pgshift_define.generated_name(
            pgshift_define.relation_name(target_table) || column_names, 'uidx', 'index_name',
            caller));
    EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS %I ON %s (%s)', chosen_name,
                   pgshift_define.qualified_name(target_table),
                   pgshift_define.column_list(column_names));
    RETURN chosen_name;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_unique_index(regclass, text[], text) IS
'Creates unique index index_name (default <table>_<columns>_uidx) on target_table(column_names) unless it exists; returns the name.';

CREATE OR REPLACE FUNCTION pgshift_define.add_constraint(
    target_table regclass,
    constraint_name text,
    definition text
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- ALTER TABLE ... ADD CONSTRAINT has no IF NOT EXISTS: look the name up first.
    IF NOT EXISTS (SELECT FROM pg_constraint AS c
                   WHERE c.conrelid = target_table AND c.conname = constraint_name) THEN
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s',
                       pgshift_define.qualified_name(target_table), constraint_name, definition);
    END IF;
    RETURN constraint_name;
END
$$;
COMMENT ON FUNCTION pgshift_define.add_constraint(regclass, text, text) IS
'Adds constraint constraint_name with definition (SQL text, e.g. ''UNIQUE (a, b)'', used as written) to target_table unless the table already has a constraint of that name; returns the name.';

CREATE OR REPLACE FUNCTION pgshift_define.define_unique_constraint(
    target_table regclass,
    column_names text[],
    constraint_name text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_unique_constraint';
BEGIN
    PERFORM pgshift_define.require_columns(target_table, column_names, caller);
    RETURN pgshift_define.add_constraint(
        target_table,
        coalesce(pgshift_utils.check_identifier_length(constraint_name, 'constraint_name', caller),
                 pgshift_define.generated_name(
                     pgshift_define.relation_name(target_table) || column_names, 'key',
                     'constraint_name', caller)),
        format('UNIQUE (%s)', pgshift_define.column_list(column_names)));
END
$$;
COMMENT ON FUNCTION pgshift_define.define_unique_constraint(regclass, text[], text) IS
'Adds UNIQUE (column_names) named constraint_name (default <table>_<columns>_key) to target_table unless it exists; returns the name.';

CREATE OR REPLACE FUNCTION pgshift_define.define_deferred_unique_constraint(
    target_table regclass,
    column_names text[],
    constraint_name text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_deferred_unique_constraint';
BEGIN
    PERFORM pgshift_define.require_columns(target_table, column_names, caller);
    RETURN pgshift_define.add_constraint(
        target_table,
        coalesce(pgshift_utils.check_identifier_length(constraint_name, 'constraint_name', caller),
                 pgshift_define.generated_name(
                     pgshift_define.relation_name(target_table) || column_names, 'deferred_key',
                     'constraint_name', caller)),
        format('UNIQUE (%s) DEFERRABLE INITIALLY DEFERRED',
               pgshift_define.column_list(column_names)));
END
$$;
COMMENT ON FUNCTION pgshift_define.define_deferred_unique_constraint(regclass, text[], text) IS
'Adds UNIQUE (column_names) DEFERRABLE INITIALLY DEFERRED, named constraint_name (default <table>_<columns>_deferred_key), so rows may swap values within a transaction; returns the name.';

CREATE OR REPLACE FUNCTION pgshift_define.define_trigram_index(
    target_table regclass,
    column_name text,
    index_name text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_trigram_index';
    trgm_schema text;
    chosen_name text;
BEGIN
    SELECT n.nspname INTO trgm_schema
    FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
    IF NOT FOUND THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS004',
            MESSAGE = format('%s: the pg_trgm extension is not installed in this database', caller),
            HINT = 'Run CREATE EXTENSION pg_trgm; (it ships with PostgreSQL''s contrib modules) in a migration before this call.';
    END IF;
    PERFORM pgshift_define.require_columns(target_table, ARRAY[column_name], caller);
    chosen_name := coalesce(
        pgshift_utils.check_identifier_length(index_name, 'index_name', caller),
        pgshift_define.generated_name(
            ARRAY[pgshift_define.relation_name(target_table), column_name], 'trgm_idx',
            'index_name', caller));
    -- The operator class lives wherever pg_trgm was installed: name its schema explicitly.
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%I %I.gin_trgm_ops)',
                   chosen_name, pgshift_define.qualified_name(target_table), column_name,
                   trgm_schema);
    RETURN chosen_name;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_trigram_index(regclass, text, text) IS
'Creates GIN index index_name (default <table>_<column>_trgm_idx) on target_table(column_name gin_trgm_ops) unless it exists; returns the name. PS004 when pg_trgm is not installed.';

-- from sql/define/30_rls.sql
-- Row-level security driven by the caller's permissions (pgshift.auth.permissions).
--
-- Policies call the pgshift_utils checks inside a scalar subquery, "(SELECT ...)": the planner
-- then evaluates them once per statement instead of once per row. Policy names are fixed
-- (pgshift_read, pgshift_modify, pgshift_owner_*, pgshift_tenant), so defining again replaces.
-- RLS is enabled, not forced: the table owner (the role running migrations) is not filtered.

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
    EXECUTE format('DROP POLICY IF EXISTS pgshift_modify ON %s',
                   pgshift_define.qualified_name(target_table));
    PERFORM pgshift_define.create_policy(
        target_table, 'pgshift_read', 'SELECT',
        pgshift_define.permission_check(read_permissions));
END
$$;
COMMENT ON FUNCTION pgshift_define.define_readonly_authentication(text[], regclass) IS
'Enables row-level security on target_table with only policy pgshift_read (SELECT for any of read_permissions): inserts, updates and deletes are refused to every role subject to RLS.';

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

-- from sql/define/40_enums.sql
-- Enumerations kept as data: an enum table (value + description) referenced by foreign keys, or
-- a domain over text with a CHECK. Unlike CREATE TYPE ... AS ENUM, both can gain, describe and
-- (for the table) drop values inside a transaction.

CREATE OR REPLACE FUNCTION pgshift_define.define_enum_table(
    schema_name text,
    table_name text,
    enum_values text[],
    descriptions text[] DEFAULT NULL
)
RETURNS regclass
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_enum_table';
    qualified text;
BEGIN
    IF enum_values IS NULL OR cardinality(enum_values) = 0
       OR array_position(enum_values, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('%s: enum_values must hold at least one value and no NULL', caller);
    END IF;
    IF descriptions IS NOT NULL AND cardinality(descriptions) <> cardinality(enum_values) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('%s: %s descriptions for %s values', caller,
                             cardinality(descriptions), cardinality(enum_values));
    END IF;
    qualified := format('%I.%I', schema_name,
                        pgshift_utils.check_identifier_length(table_name, 'table_name', caller));
    EXECUTE format('CREATE TABLE IF NOT EXISTS %s ('
                   'value text PRIMARY KEY, description text NOT NULL DEFAULT '''')', qualified);
    -- Values are added or re-described, never removed: rows may still point at old ones.
    EXECUTE format('INSERT INTO %s (value, description)'
                   ' SELECT v, coalesce(d, '''') FROM unnest($1::text[], $2::text[]) AS u(v, d)'
                   ' ON CONFLICT (value) DO UPDATE SET description = excluded.description',
                   qualified)
    USING enum_values, coalesce(descriptions, array_fill(NULL::text, ARRAY[cardinality(enum_values)]));
    RETURN qualified::regclass;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_enum_table(text, text, text[], text[]) IS
'Creates schema_name.table_name (value text PRIMARY KEY, description text) unless it exists and upserts enum_values with their descriptions (same length, or NULL for empty ones). Values not listed are kept. Returns the table.';

CREATE OR REPLACE FUNCTION pgshift_define.define_enum_column(
    target_table regclass,
    column_name text,
    enum_table regclass,
    default_value text DEFAULT NULL,
    constraint_name text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_enum_column';
    chosen_name text;
BEGIN
    PERFORM pgshift_define.require_columns(enum_table, ARRAY['value'], caller);
    chosen_name := coalesce(
        pgshift_utils.check_identifier_length(constraint_name, 'constraint_name', caller),
        pgshift_define.generated_name(
            ARRAY[pgshift_define.relation_name(target_table), column_name], 'fkey',
            'constraint_name', caller));
    EXECUTE format('ALTER TABLE %s ADD COLUMN IF NOT EXISTS %I text%s',
                   pgshift_define.qualified_name(target_table), column_name,
                   CASE WHEN default_value IS NULL THEN ''
                        ELSE format(' DEFAULT %L', default_value) END);
    RETURN pgshift_define.add_constraint(
        target_table, chosen_name,
        format('FOREIGN KEY (%I) REFERENCES %s (value)', column_name,
               pgshift_define.qualified_name(enum_table)));
END
$$;
COMMENT ON FUNCTION pgshift_define.define_enum_column(regclass, text, regclass, text, text) IS
'Adds column_name text (DEFAULT default_value when given) to target_table unless it exists, and a foreign key constraint_name (default <table>_<column>_fkey) to enum_table(value); returns the constraint name.';

CREATE OR REPLACE FUNCTION pgshift_define.define_enum_domain(
    schema_name text,
    domain_name text,
    enum_values text[]
)
RETURNS regtype
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_enum_domain';
    qualified text;
    check_name text;
BEGIN
    IF enum_values IS NULL OR cardinality(enum_values) = 0
       OR array_position(enum_values, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('%s: enum_values must hold at least one value and no NULL', caller);
    END IF;
    qualified := format('%I.%I', schema_name,
                        pgshift_utils.check_identifier_length(domain_name, 'domain_name', caller));
    check_name := pgshift_define.generated_name(ARRAY[domain_name], 'allowed', 'domain_name',
                                                caller);
    IF to_regtype(qualified) IS NULL THEN
        EXECUTE format('CREATE DOMAIN %s AS text', qualified);
    END IF;
    -- Replacing the CHECK re-validates every column of the domain against the new list.
    EXECUTE format('ALTER DOMAIN %s DROP CONSTRAINT IF EXISTS %I', qualified, check_name);
    EXECUTE format('ALTER DOMAIN %s ADD CONSTRAINT %I CHECK (VALUE = ANY (%L::text[]))',
                   qualified, check_name, enum_values);
    RETURN qualified::regtype;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_enum_domain(text, text, text[]) IS
'Creates domain schema_name.domain_name over text unless it exists and (re)sets its CHECK <domain>_allowed to VALUE = ANY (enum_values). Returns the type.';

-- from sql/define/50_messaging.sql
-- Messaging tables: counters, component health with change notifications, and transactional
-- inbox/outbox tables with a function that hands out the next messages to workers.

CREATE OR REPLACE FUNCTION pgshift_define.define_counter_table(
    schema_name text,
    table_name text DEFAULT 'counters'
)
RETURNS regclass
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    qualified constant text := format('%I.%I', schema_name, pgshift_utils.check_identifier_length(
        table_name, 'table_name', 'pgshift_define.define_counter_table'));
BEGIN
    EXECUTE format('CREATE TABLE IF NOT EXISTS %s ('
                   'name text PRIMARY KEY, value bigint NOT NULL DEFAULT 0)', qualified);
    RETURN qualified::regclass;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_counter_table(text, text) IS
'Creates schema_name.table_name (name text PRIMARY KEY, value bigint NOT NULL DEFAULT 0) unless it exists; pgshift_utils.increment_counter adds to it. Returns the table.';

CREATE OR REPLACE FUNCTION pgshift_define.define_health_table(
    schema_name text,
    table_name text DEFAULT 'health',
    channel text DEFAULT NULL
)
RETURNS regclass
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    qualified constant text := format('%I.%I', schema_name, pgshift_utils.check_identifier_length(
        table_name, 'table_name', 'pgshift_define.define_health_table'));
BEGIN
    EXECUTE format('CREATE TABLE IF NOT EXISTS %s ('
                   'component text PRIMARY KEY,'
                   ' status text NOT NULL CHECK (status IN (''ok'', ''degraded'', ''failing'')),'
                   ' detail text NOT NULL DEFAULT '''','
                   ' created_at timestamptz NOT NULL DEFAULT now(),'
                   ' updated_at timestamptz NOT NULL DEFAULT now())', qualified);
    PERFORM pgshift_define.define_timestamps_trigger(qualified::regclass);
    PERFORM pgshift_define.define_subscription_triggers(
        qualified::regclass, 'component', channel);
    RETURN qualified::regclass;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_health_table(text, text, text) IS
'Creates schema_name.table_name (component text PRIMARY KEY, status ok/degraded/failing, detail, created_at, updated_at) unless it exists, with the timestamps trigger and subscription triggers (subject: component) on channel (default "schema.table"). Returns the table.';

CREATE OR REPLACE FUNCTION pgshift_define.define_message_table(
    schema_name text,
    table_name text,
    is_inbox boolean
)
RETURNS regclass
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := CASE WHEN is_inbox THEN 'pgshift_define.define_inbox_table'
                                 ELSE 'pgshift_define.define_outbox_table' END;
    qualified text;
    function_name text;
    index_name text;
BEGIN
    qualified := format('%I.%I', schema_name,
                        pgshift_utils.check_identifier_length(table_name, 'table_name', caller));
    function_name := pgshift_define.generated_name(ARRAY[table_name], 'next_messages',
                                                   'table_name', caller);
    index_name := pgshift_define.generated_name(ARRAY[table_name], 'open_idx', 'table_name',
                                                caller);
    -- An inbox receives ids from the sender (the primary key makes receiving idempotent); an
    -- outbox makes its own. position orders messages, including those of one transaction.
    EXECUTE format('CREATE TABLE IF NOT EXISTS %s ('
                   'id uuid PRIMARY KEY%s,'
                   ' position bigint GENERATED ALWAYS AS IDENTITY,'
                   ' segment text,'
                   ' message_type text NOT NULL,'
                   ' payload jsonb NOT NULL DEFAULT ''{}'','
                   ' created_at timestamptz NOT NULL DEFAULT now(),'
                   ' processed_at timestamptz,'
                   ' attempts integer NOT NULL DEFAULT 0,'
                   ' last_error text)',
                   qualified, CASE WHEN is_inbox THEN '' ELSE ' DEFAULT gen_random_uuid()' END);
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (segment, position)'
                   ' WHERE processed_at IS NULL', index_name, qualified);
    -- Oldest open message per segment (messages without a segment are independent), locked for
    -- the caller. SKIP LOCKED lets several workers share the table: a segment whose oldest
    -- message is being handled is skipped, which keeps each segment in order.
    -- (The statement's first words are split so that tools scanning this file for function
    -- definitions do not take the generated one for a library function.)
    EXECUTE format('CREATE OR REPLACE' || $f$ FUNCTION %1$I.%2$I(max_count integer DEFAULT 10, skip_locked boolean DEFAULT true)
RETURNS SETOF %3$s
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $body$
BEGIN
    IF skip_locked THEN
        RETURN QUERY
        SELECT m.* FROM %3$s AS m
        WHERE m.processed_at IS NULL
          AND (m.segment IS NULL OR m.position = (
              SELECT min(o.position) FROM %3$s AS o
              WHERE o.segment = m.segment AND o.processed_at IS NULL))
        ORDER BY m.position
        LIMIT max_count
        FOR UPDATE SKIP LOCKED;
    ELSE
        RETURN QUERY
        SELECT m.* FROM %3$s AS m
        WHERE m.processed_at IS NULL
          AND (m.segment IS NULL OR m.position = (
              SELECT min(o.position) FROM %3$s AS o
              WHERE o.segment = m.segment AND o.processed_at IS NULL))
        ORDER BY m.position
        LIMIT max_count
        FOR UPDATE NOWAIT;
    END IF;
END
$body$
$f$, schema_name, function_name, qualified);
    EXECUTE format('COMMENT ON FUNCTION %I.%I(integer, boolean) IS %L', schema_name, function_name,
                   format('Locks and returns up to max_count open messages of %s, the oldest of each segment, in order (pgshift_define.%s). skip_locked false: NOWAIT, fail instead of skipping.',
                          qualified, CASE WHEN is_inbox THEN 'define_inbox_table'
                                          ELSE 'define_outbox_table' END));
    RETURN qualified::regclass;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_message_table(text, text, boolean) IS
'Shared by define_inbox_table and define_outbox_table: creates the message table (id, position, segment, message_type, payload, created_at, processed_at, attempts, last_error), its open-message index and function <table>_next_messages(max_count, skip_locked). Returns the table.';

CREATE OR REPLACE FUNCTION pgshift_define.define_outbox_table(
    schema_name text,
    table_name text DEFAULT 'outbox'
)
RETURNS regclass
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_define.define_message_table(schema_name, table_name, false)
$$;
COMMENT ON FUNCTION pgshift_define.define_outbox_table(text, text) IS
'Creates a transactional outbox schema_name.table_name (id uuid DEFAULT gen_random_uuid()) and function schema_name.<table>_next_messages(max_count, skip_locked) unless they exist. Returns the table.';

CREATE OR REPLACE FUNCTION pgshift_define.define_inbox_table(
    schema_name text,
    table_name text DEFAULT 'inbox'
)
RETURNS regclass
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_define.define_message_table(schema_name, table_name, true)
$$;
COMMENT ON FUNCTION pgshift_define.define_inbox_table(text, text) IS
'Creates a transactional inbox schema_name.table_name (id uuid given by the sender, so a message is received once: INSERT ... ON CONFLICT (id) DO NOTHING) and function schema_name.<table>_next_messages(max_count, skip_locked) unless they exist. Returns the table.';
