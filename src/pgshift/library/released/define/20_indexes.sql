-- Indexes and constraints with consistent names: <table>_<columns>_<suffix>, checked against the
-- 63-byte limit (pass index_name / constraint_name to choose another). Each function returns the
-- name it used. An index or constraint that already has that name is left as it is, which makes
-- every call safe to repeat.

/*-snippet
{
  "body": "SELECT pgshift_define.define_multi_column_index('${1:table}'::regclass, ARRAY['${2:column_a}', '${3:column_b}']);",
  "description": "B-tree index on several columns, <table>_<a>_<b>_idx; returns its name."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_index('${1:table}'::regclass, '${2:column}');",
  "description": "B-tree index <table>_<column>_idx on one column; returns its name."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_index_with_id('${1:table}'::regclass, '${2:created_at}');",
  "description": "Index pair (column, id) and (column DESC, id DESC) for keyset (cursor) pagination; returns both names."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_unique_index('${1:table}'::regclass, ARRAY['${2:column}']);",
  "description": "Unique index <table>_<columns>_uidx; returns its name."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.add_constraint('${1:table}'::regclass, '${2:name}', '${3:UNIQUE (column)}');",
  "description": "Add a table constraint from its definition unless one with that name exists."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_unique_constraint('${1:table}'::regclass, ARRAY['${2:column}']);",
  "description": "UNIQUE constraint <table>_<columns>_key; returns its name."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_deferred_unique_constraint('${1:table}'::regclass, ARRAY['${2:position}']);",
  "description": "UNIQUE constraint checked at commit (DEFERRABLE INITIALLY DEFERRED), <table>_<columns>_deferred_key."
}
snippet-*/
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

/*-snippet
{
  "body": "SELECT pgshift_define.define_trigram_index('${1:table}'::regclass, '${2:column}');",
  "description": "GIN trigram index for LIKE/ILIKE/similarity search (needs the pg_trgm extension)."
}
snippet-*/
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
