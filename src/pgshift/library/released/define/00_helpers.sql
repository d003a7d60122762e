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

/*-snippet
{
  "body": "pgshift_define.qualified_name('${1:table}'::regclass)",
  "description": "The table's schema-qualified, quoted name (\"schema\".\"table\") for dynamic SQL."
}
snippet-*/
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

/*-snippet
{
  "body": "pgshift_define.relation_name('${1:table}'::regclass)",
  "description": "The table's bare name (unquoted, no schema): the start of generated names."
}
snippet-*/
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

/*-snippet
{
  "body": "pgshift_define.column_exists('${1:table}'::regclass, '${2:column}')",
  "description": "True when the table has the column (dropped columns do not count)."
}
snippet-*/
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

/*-snippet
{
  "body": "PERFORM pgshift_define.require_columns('${1:table}'::regclass, ARRAY['${2:column}'], '${3:caller}', ${4:NULL});",
  "description": "Raise PS003 unless the table has every column (and, when given, of that type)."
}
snippet-*/
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
    IF target_table IS NULL OR column_names IS NULL OR cardinality(column_names) = 0
       OR array_position(column_names, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('%s: a table and at least one column name (not NULL) are required',
                             caller);
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
                COLUMN = name;
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
'Raises PS003 (naming caller) unless target_table has every column in column_names, and each is of required_type when that is given; PS001 for a NULL table, an empty list or a NULL name.';

/*-snippet
{
  "body": "pgshift_define.column_list(ARRAY['${1:column}'])",
  "description": "Quoted, comma-separated column names for dynamic DDL."
}
snippet-*/
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

/*-snippet
{
  "body": "pgshift_define.generated_name(ARRAY[${1:parts}], '${2:idx}', '${3:index_name}', '${4:caller}')",
  "description": "parts and suffix joined with _, checked against the 63-byte limit (PS002 names the argument to pass instead)."
}
snippet-*/
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

/*-snippet
{
  "body": "PERFORM pgshift_define.replace_trigger('${1:table}'::regclass, '${2:trigger_name}', '${3:BEFORE INSERT OR UPDATE}', '${4:tg_function}', ARRAY[]::text[]);",
  "description": "Drop and re-create a FOR EACH ROW trigger calling a pgshift_utils trigger function."
}
snippet-*/
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

/*-snippet
{
  "body": "PERFORM pgshift_define.drop_trigger('${1:table}'::regclass, '${2:trigger_name}');",
  "description": "Drop a trigger from a table when it exists."
}
snippet-*/
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
