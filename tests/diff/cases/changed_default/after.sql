alter table items alter column status set default 'draft';
alter table items alter column seen set default false;
