-- The same tags in another order: the same trigger (only its comment changes).
drop event trigger note;
create event trigger note on ddl_command_end when tag in ('ALTER TABLE', 'CREATE TABLE')
  execute function note_ddl();
comment on event trigger note is 'tags are a set';
