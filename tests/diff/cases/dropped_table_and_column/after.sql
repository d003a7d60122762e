drop table gone;
alter table keep drop column old_note;
alter table keep drop column n;
