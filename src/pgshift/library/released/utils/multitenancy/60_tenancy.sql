-- Multitenancy at run time (installed when [library] multitenancy = true): every tenant row
-- carries the tenant and environment it belongs to, stamped from the session and never changed.

/*-snippet
{
  "body": "pgshift_utils.tg_tenant()",
  "description": "BEFORE INSERT OR UPDATE row trigger stamping and enforcing tenant_id/environment_id. Use pgshift_define.define_tenant_trigger."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.tg_tenant()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    columns text[] := ARRAY[coalesce(TG_ARGV[0], 'tenant_id'),
                            coalesce(TG_ARGV[1], 'environment_id')];
    settings text[] := ARRAY['pgshift.tenant_id', 'pgshift.environment_id'];
    new_row jsonb := to_jsonb(NEW);
    session_value uuid;
    row_value uuid;
    i integer;
BEGIN
    FOR i IN 1 .. 2 LOOP
        session_value := pgshift_utils.session_uuid(settings[i]);
        row_value := (new_row ->> columns[i])::uuid;
        IF TG_OP = 'UPDATE' THEN
            IF row_value IS DISTINCT FROM (to_jsonb(OLD) ->> columns[i])::uuid THEN
                RAISE EXCEPTION USING
                    ERRCODE = 'PST01',
                    MESSAGE = format('%s of a row in %I.%I cannot change',
                                     columns[i], TG_TABLE_SCHEMA, TG_TABLE_NAME),
                    COLUMN = columns[i], TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
            END IF;
        ELSIF row_value IS NULL AND session_value IS NULL THEN
            RAISE EXCEPTION USING
                ERRCODE = 'PST02',
                MESSAGE = format('no %s for the new row in %I.%I: set %s in the session',
                                 columns[i], TG_TABLE_SCHEMA, TG_TABLE_NAME, settings[i]),
                COLUMN = columns[i], TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
        ELSIF row_value IS NULL THEN
            new_row := jsonb_set(new_row, ARRAY[columns[i]], to_jsonb(session_value));
        ELSIF session_value IS NOT NULL AND row_value <> session_value THEN
            RAISE EXCEPTION USING
                ERRCODE = 'PST01',
                MESSAGE = format('%s %s of the new row in %I.%I is not the session''s (%s)',
                                 columns[i], row_value, TG_TABLE_SCHEMA, TG_TABLE_NAME,
                                 settings[i]),
                COLUMN = columns[i], TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
        END IF;
    END LOOP;
    IF TG_OP = 'INSERT' THEN
        NEW := jsonb_populate_record(NEW, jsonb_build_object(
            columns[1], new_row -> columns[1], columns[2], new_row -> columns[2]));
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION pgshift_utils.tg_tenant() IS
'BEFORE INSERT OR UPDATE row trigger for columns TG_ARGV[0] (tenant_id) and TG_ARGV[1] (environment_id): an insert takes the session''s pgshift.tenant_id / pgshift.environment_id when the row has none (PST02 when neither has one) and raises PST01 when the row names another; an update may not change them (PST01).';
