-- Multitenancy (written by `pgshift library define-migration -m`): every tenant table carries
-- tenant_id and environment_id, stamped from the session by pgshift_utils.tg_tenant, part of its
-- keys, indexes and foreign keys, and filtered by a restrictive RLS policy so that tenants never
-- see each other's rows.

/*-snippet
{
  "body": "SELECT pgshift_define.define_tenant_trigger('${1:table}'::regclass);",
  "description": "BEFORE INSERT OR UPDATE trigger stamping tenant_id/environment_id from the session and refusing changes."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_tenant_trigger(
    target_table regclass,
    tenant_column text DEFAULT 'tenant_id',
    environment_column text DEFAULT 'environment_id'
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pgshift_define.require_columns(
        target_table, ARRAY[tenant_column, environment_column],
        'pgshift_define.define_tenant_trigger', 'uuid'::regtype);
    PERFORM pgshift_define.replace_trigger(
        target_table, 'pgshift_tenant', 'BEFORE INSERT OR UPDATE', 'tg_tenant',
        ARRAY[tenant_column, environment_column]);
END
$$;
COMMENT ON FUNCTION pgshift_define.define_tenant_trigger(regclass, text, text) IS
'Creates trigger pgshift_tenant (pgshift_utils.tg_tenant) on target_table: tenant_column and environment_column (uuid) come from pgshift.tenant_id / pgshift.environment_id on insert (PST02 when unset, PST01 when the row names another) and never change (PST01).';

/*-snippet
{
  "body": "SELECT pgshift_define.drop_tenant_trigger('${1:table}'::regclass);",
  "description": "Drop the trigger made by define_tenant_trigger."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.drop_tenant_trigger(target_table regclass)
RETURNS void
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pgshift_define.drop_trigger(target_table, 'pgshift_tenant')
$$;
COMMENT ON FUNCTION pgshift_define.drop_tenant_trigger(regclass) IS
'Drops trigger pgshift_tenant from target_table.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_tenant_columns('${1:table}'::regclass);",
  "description": "Add tenant_id and environment_id (uuid NOT NULL, not the zero UUID) with the tenant trigger."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_tenant_columns(
    target_table regclass,
    tenant_column text DEFAULT 'tenant_id',
    environment_column text DEFAULT 'environment_id'
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_tenant_columns';
    column_name text;
BEGIN
    FOREACH column_name IN ARRAY ARRAY[tenant_column, environment_column] LOOP
        EXECUTE format('ALTER TABLE %s ADD COLUMN IF NOT EXISTS %I uuid NOT NULL',
                       pgshift_define.qualified_name(target_table), column_name);
        PERFORM pgshift_define.add_constraint(
            target_table,
            pgshift_define.generated_name(
                ARRAY[pgshift_define.relation_name(target_table), column_name], 'check',
                'tenant_column/environment_column', caller),
            format('CHECK (pgshift_utils.validation_not_default_uuid(%I))', column_name));
    END LOOP;
    PERFORM pgshift_define.define_tenant_trigger(target_table, tenant_column, environment_column);
END
$$;
COMMENT ON FUNCTION pgshift_define.define_tenant_columns(regclass, text, text) IS
'Adds tenant_column and environment_column (uuid NOT NULL) to target_table when missing, CHECK constraints <table>_<column>_check refusing the all-zero UUID, and the tenant trigger.';

/*-snippet
{
  "body": "SELECT pgshift_define.tenant_column_list('${1:table}'::regclass, ARRAY['${2:column}']);",
  "description": "tenant_id, environment_id, then the columns, quoted: the column list of tenant-aware keys."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.tenant_column_list(
    target_table regclass,
    column_names text[],
    caller text DEFAULT 'pgshift_define.tenant_column_list'
)
RETURNS text
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pgshift_define.require_columns(
        target_table, ARRAY['tenant_id', 'environment_id'] || column_names, caller);
    RETURN pgshift_define.column_list(ARRAY['tenant_id', 'environment_id'] || column_names);
END
$$;
COMMENT ON FUNCTION pgshift_define.tenant_column_list(regclass, text[], text) IS
'"tenant_id", "environment_id" followed by column_names, quoted and comma-separated, after checking target_table has them all (PS003 naming caller).';

/*-snippet
{
  "body": "SELECT pgshift_define.define_tenant_primary_key('${1:table}'::regclass);",
  "description": "PRIMARY KEY (tenant_id, environment_id, id): the target of tenant-aware foreign keys."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_tenant_primary_key(
    target_table regclass,
    column_names text[] DEFAULT ARRAY['id'],
    constraint_name text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_tenant_primary_key';
BEGIN
    RETURN pgshift_define.add_constraint(
        target_table,
        coalesce(pgshift_utils.check_identifier_length(constraint_name, 'constraint_name', caller),
                 pgshift_define.generated_name(ARRAY[pgshift_define.relation_name(target_table)],
                                               'pkey', 'constraint_name', caller)),
        format('PRIMARY KEY (%s)',
               pgshift_define.tenant_column_list(target_table, column_names, caller)));
END
$$;
COMMENT ON FUNCTION pgshift_define.define_tenant_primary_key(regclass, text[], text) IS
'Adds PRIMARY KEY (tenant_id, environment_id, column_names) named constraint_name (default <table>_pkey) to target_table unless it exists; returns the name.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_tenant_unique_constraint('${1:table}'::regclass, ARRAY['${2:column}']);",
  "description": "UNIQUE (tenant_id, environment_id, columns): unique within each tenant."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_tenant_unique_constraint(
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
    caller constant text := 'pgshift_define.define_tenant_unique_constraint';
BEGIN
    RETURN pgshift_define.add_constraint(
        target_table,
        coalesce(pgshift_utils.check_identifier_length(constraint_name, 'constraint_name', caller),
                 pgshift_define.generated_name(
                     pgshift_define.relation_name(target_table) || column_names, 'key',
                     'constraint_name', caller)),
        format('UNIQUE (%s)',
               pgshift_define.tenant_column_list(target_table, column_names, caller)));
END
$$;
COMMENT ON FUNCTION pgshift_define.define_tenant_unique_constraint(regclass, text[], text) IS
'Adds UNIQUE (tenant_id, environment_id, column_names) named constraint_name (default <table>_<columns>_key) unless it exists: values are unique within a tenant and environment. Returns the name.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_tenant_index('${1:table}'::regclass, ARRAY['${2:column}']);",
  "description": "Index (tenant_id, environment_id, columns), <table>_<columns>_idx."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_tenant_index(
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
    caller constant text := 'pgshift_define.define_tenant_index';
    chosen_name text;
BEGIN
    chosen_name := coalesce(
        pgshift_utils.check_identifier_length(index_name, 'index_name', caller),
        pgshift_define.generated_name(
            pgshift_define.relation_name(target_table) || column_names, 'idx', 'index_name',
            caller));
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s (%s)', chosen_name,
                   pgshift_define.qualified_name(target_table),
                   pgshift_define.tenant_column_list(target_table, column_names, caller));
    RETURN chosen_name;
END
$$;
COMMENT ON FUNCTION pgshift_define.define_tenant_index(regclass, text[], text) IS
'Creates index index_name (default <table>_<columns>_idx) on target_table(tenant_id, environment_id, column_names) unless it exists; returns the name.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_tenant_relation('${1:table}'::regclass, ARRAY['${2:parent_id}'], '${3:parent}'::regclass);",
  "description": "Composite foreign key (tenant_id, environment_id, columns) so a row can only point at its own tenant's rows."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_tenant_relation(
    target_table regclass,
    column_names text[],
    referenced_table regclass,
    referenced_columns text[] DEFAULT ARRAY['id'],
    constraint_name text DEFAULT NULL,
    on_delete text DEFAULT 'NO ACTION'
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'pgshift_define.define_tenant_relation';
BEGIN
    IF on_delete IS NULL
       OR upper(on_delete) NOT IN ('NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT') THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('%s: on_delete must be NO ACTION, RESTRICT, CASCADE, SET NULL or SET DEFAULT, got %L',
                             caller, on_delete);
    END IF;
    IF cardinality(column_names) IS DISTINCT FROM cardinality(referenced_columns) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('%s: %s columns refer to %s referenced columns', caller,
                             cardinality(column_names), cardinality(referenced_columns));
    END IF;
    RETURN pgshift_define.add_constraint(
        target_table,
        coalesce(pgshift_utils.check_identifier_length(constraint_name, 'constraint_name', caller),
                 pgshift_define.generated_name(
                     pgshift_define.relation_name(target_table) || column_names, 'fkey',
                     'constraint_name', caller)),
        format('FOREIGN KEY (%s) REFERENCES %s (%s) ON DELETE %s',
               pgshift_define.tenant_column_list(target_table, column_names, caller),
               pgshift_define.qualified_name(referenced_table),
               pgshift_define.tenant_column_list(referenced_table, referenced_columns, caller),
               upper(on_delete)));
END
$$;
COMMENT ON FUNCTION pgshift_define.define_tenant_relation(regclass, text[], regclass, text[], text, text) IS
'Adds FOREIGN KEY (tenant_id, environment_id, column_names) REFERENCES referenced_table (tenant_id, environment_id, referenced_columns) ON DELETE on_delete, named constraint_name (default <table>_<columns>_fkey): a row can only point at a row of its own tenant and environment. The referenced columns need a tenant-aware primary key or unique constraint. Returns the name.';

/*-snippet
{
  "body": "SELECT pgshift_define.define_multitenant_authentication(ARRAY['${1:items:read}'], ARRAY['${2:items:write}'], '${3:table}'::regclass);",
  "description": "define_authentication plus a restrictive policy: only rows of the session's tenant and environment."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_define.define_multitenant_authentication(
    read_permissions text[],
    modify_permissions text[],
    target_table regclass,
    tenant_column text DEFAULT 'tenant_id',
    environment_column text DEFAULT 'environment_id'
)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tenant_check text;
BEGIN
    PERFORM pgshift_define.require_columns(
        target_table, ARRAY[tenant_column, environment_column],
        'pgshift_define.define_multitenant_authentication', 'uuid'::regtype);
    PERFORM pgshift_define.define_authentication(read_permissions, modify_permissions, target_table);
    tenant_check := format('%I = (SELECT pgshift_utils.current_tenant_id())'
                           ' AND %I = (SELECT pgshift_utils.current_environment_id())',
                           tenant_column, environment_column);
    -- Restrictive: ANDed with the permission policies, whatever other policies say.
    PERFORM pgshift_define.create_policy(target_table, 'pgshift_tenant', 'ALL', tenant_check,
                                         tenant_check, true);
END
$$;
COMMENT ON FUNCTION pgshift_define.define_multitenant_authentication(text[], text[], regclass, text, text) IS
'define_authentication(read_permissions, modify_permissions, target_table) plus restrictive policy pgshift_tenant: rows are visible and writable only when tenant_column and environment_column equal the session''s pgshift.tenant_id and pgshift.environment_id.';
