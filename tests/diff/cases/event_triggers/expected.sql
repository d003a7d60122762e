-- drop (to re-create) event trigger "Note DDL"
drop event trigger "Note DDL";

-- destructive: drop event trigger gone
drop event trigger "gone";

-- create event trigger "Note DDL"
create event trigger "Note DDL" on "ddl_command_end" when tag in ('ALTER TABLE', 'CREATE TABLE') execute function ops.note_ddl();

-- create event trigger watch_rewrites
create event trigger "watch_rewrites" on "table_rewrite" execute function ops.note_ddl();
alter event trigger "watch_rewrites" disable;
comment on event trigger "watch_rewrites" is 'off for now';
