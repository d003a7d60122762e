-- Messaging at run time: counters kept in a table made by pgshift_define.define_counter_table.

/*-snippet
{
  "body": "pgshift_utils.increment_counter('${1:schema.counters}'::regclass, '${2:name}', ${3:1})",
  "description": "Add amount to a named counter (created at 0 on first use) and return the new value."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.increment_counter(
    counter_table regclass,
    counter_name text,
    amount bigint DEFAULT 1
)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    table_schema text;
    table_name text;
    result bigint;
BEGIN
    IF counter_table IS NULL OR counter_name IS NULL OR amount IS NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = 'pgshift_utils.increment_counter: counter_table, counter_name and amount must not be NULL';
    END IF;
    SELECT n.nspname, c.relname INTO table_schema, table_name
    FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.oid = counter_table;
    -- One statement, so two sessions incrementing the same new counter cannot both insert.
    EXECUTE format(
        'INSERT INTO %I.%I AS c (name, value) VALUES ($1, $2)'
        ' ON CONFLICT (name) DO UPDATE SET value = c.value + excluded.value'
        ' RETURNING c.value', table_schema, table_name)
    INTO result USING counter_name, amount;
    RETURN result;
END
$$;
COMMENT ON FUNCTION pgshift_utils.increment_counter(regclass, text, bigint) IS
'Adds amount (default 1) to counter counter_name in counter_table (a table made by pgshift_define.define_counter_table), creating it at 0 first, and returns the new value. Safe under concurrency.';
