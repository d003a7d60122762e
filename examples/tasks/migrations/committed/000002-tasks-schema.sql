--! Previous: sha1:0dee2763a5f564393a6b74517ff1ba110af1b5fc
--! Hash: sha1:260f7fdb9702abedc090c09a8dbd0f09a7fd631a
--! Message: tasks schema

-- The tasks example schema: projects and their tasks, built with pgshift_define.
-- Every change is stamped (who, when), members see only what their permissions allow, people see
-- only their own tasks, and a realtime server can LISTEN on "app.tasks" for changes.
-- Safe to run again, as a current migration must be (watch mode re-runs it on every save).

CREATE SCHEMA IF NOT EXISTS app;

CREATE TABLE IF NOT EXISTS app.projects (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL
        CHECK (pgshift_utils.constraint_not_empty(name, 'a project needs a name'))
        CHECK (pgshift_utils.constraint_trimmed(name, 'project names have no outer spaces')),
    homepage text CHECK (pgshift_utils.constraint_optional_url(homepage))
);
SELECT pgshift_define.define_audit_columns('app.projects');
SELECT pgshift_define.define_unique_constraint('app.projects', ARRAY['name']);
-- Members read projects; project admins create, rename and delete them.
SELECT pgshift_define.define_authentication(
    ARRAY['projects:read', 'projects:admin'], ARRAY['projects:admin'], 'app.projects');

SELECT pgshift_define.define_enum_table(
    'app', 'task_status', ARRAY['todo', 'doing', 'done'],
    ARRAY['Not started', 'In progress', 'Finished']);

CREATE TABLE IF NOT EXISTS app.tasks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL REFERENCES app.projects (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (pgshift_utils.constraint_max_length(title, 200)),
    user_id uuid NOT NULL
);
SELECT pgshift_define.define_enum_column('app.tasks', 'status', 'app.task_status', 'todo');
SELECT pgshift_define.define_audit_columns('app.tasks');
-- The owner is whoever creates the task (pgshift.auth.user_id) and never changes.
SELECT pgshift_define.define_user_id_trigger('app.tasks');
-- A task change counts as a change of its project (projects.updated_at moves forward).
SELECT pgshift_define.define_timestamp_propagation('app.tasks', 'app.projects', 'project_id');
SELECT pgshift_define.define_index('app.tasks', 'project_id');
SELECT pgshift_define.define_index_with_id('app.tasks', 'created_at');
SELECT pgshift_define.define_end_user_authentication(
    ARRAY['tasks:read'], ARRAY['tasks:write'], 'app.tasks');
SELECT pgshift_define.define_subscription_triggers('app.tasks');

-- The application's role: the tables it may touch (RLS then decides which rows), nothing more.
-- pgshift_utils is usable by every role; pgshift_define is for migrations only.
GRANT USAGE ON SCHEMA app TO :APP_ROLE;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.projects, app.tasks TO :APP_ROLE;
GRANT SELECT ON app.task_status TO :APP_ROLE;
