create function note_ddl() returns event_trigger language plpgsql as $$ begin end $$;
create event trigger note on ddl_command_end when tag in ('CREATE TABLE', 'ALTER TABLE')
  execute function note_ddl();
