create schema ops;
create function ops.note_ddl() returns event_trigger language plpgsql as $$ begin end $$;
create event trigger "Note DDL" on ddl_command_end when tag in ('CREATE TABLE')
  execute function ops.note_ddl();
create event trigger gone on sql_drop execute function ops.note_ddl();
