-- A trigger with other tags, one dropped, a new one disabled and commented.
drop event trigger "Note DDL";
create event trigger "Note DDL" on ddl_command_end when tag in ('CREATE TABLE', 'ALTER TABLE')
  execute function ops.note_ddl();
drop event trigger gone;
create event trigger watch_rewrites on table_rewrite execute function ops.note_ddl();
alter event trigger watch_rewrites disable;
comment on event trigger watch_rewrites is 'off for now';
