-- Messaging tables: counters, component health with change notifications, and transactional
-- inbox/outbox tables with a function that hands out the next messages to workers.

/*-snippet
{
  "body": "SELECT pgshift_define.define_counter_table('${1:public}', '${2:counters}');",
  "description": "Create a counter table (name, value); increment with pgshift_utils.increment_counter."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_health_table('${1:public}', '${2:health}');",
  "description": "Create a health table (component, status, detail, timestamps) that notifies on every change."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_message_table('${1:public}', '${2:outbox}', ${3:false});",
  "description": "Create an inbox or outbox table and its <table>_next_messages(max_count, skip_locked) function."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_outbox_table('${1:public}', '${2:outbox}');",
  "description": "Transactional outbox table (ids generated) and its <table>_next_messages function."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_inbox_table('${1:public}', '${2:inbox}');",
  "description": "Transactional inbox table (sender-given ids, idempotent receipt) and its <table>_next_messages function."
}
snippet-*/
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
