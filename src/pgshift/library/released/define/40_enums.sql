-- Enumerations kept as data: an enum table (value + description) referenced by foreign keys, or
-- a domain over text with a CHECK. Unlike CREATE TYPE ... AS ENUM, both can gain, describe and
-- (for the table) drop values inside a transaction.

/*-snippet
{
  "body": "SELECT pgshift_define.define_enum_table('${1:public}', '${2:status}', ARRAY['${3:open}', '${4:closed}'], ARRAY['${5:Open}', '${6:Closed}']);",
  "description": "Create or update an enum table (value text primary key, description text) with the given values."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_enum_column('${1:table}'::regclass, '${2:status}', '${3:status_table}'::regclass, '${4:open}');",
  "description": "Add a text column with a foreign key to an enum table (optionally a default value)."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_enum_domain('${1:public}', '${2:priority}', ARRAY['${3:low}', '${4:high}']);",
  "description": "Create or update a domain over text allowing only the given values."
}
snippet-*/
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
