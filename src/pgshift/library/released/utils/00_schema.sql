-- pgshift_utils: the runtime half of pgshift's SQL helper library (catalogue: docs/library.md).
--
-- `pgshift migrate` and `pgshift watch` run these files before any migration, so every statement
-- must be safe to run again on a database that already has them: CREATE ... IF NOT EXISTS and
-- CREATE OR REPLACE only. Functions already deployed are used by CHECK constraints, triggers and
-- policies, so never rename, reorder or retype a parameter (`pgshift library check` enforces the
-- maintenance rules of DESIGN.md).
--
-- Every function pins its search_path to pg_catalog, pg_temp and names library objects with their
-- schema: what the caller's search_path holds can never change what a helper does.

CREATE SCHEMA IF NOT EXISTS pgshift_utils;

-- CHECK constraints and row-level-security policies call these helpers as the role that runs the
-- query, which therefore needs USAGE on the schema. The helpers only read the caller's own session
-- settings, so every role may use them.
GRANT USAGE ON SCHEMA pgshift_utils TO PUBLIC;
