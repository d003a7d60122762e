-- Column settings changed, reset, set again after a type change (a new type brings its own
-- storage), on a new column and on a new table.
alter table tuning.events alter column id set statistics 0;
alter table tuning.events alter column kind set statistics -1;
alter table tuning.events alter column payload set storage main;
alter table tuning.events alter column body set storage extended;
alter table tuning.events alter column note type text, alter column note set storage main;
alter table tuning.events alter column "Odd Name" reset (n_distinct),
  alter column "Odd Name" set (n_distinct_inherited = 100);
alter table tuning.events add column extra text;
alter table tuning.events alter column extra set storage external, alter column extra set statistics 20;
create table tuning."Metrics" (value numeric, label text);
alter table tuning."Metrics" alter column value set statistics 1000,
  alter column label set storage main, alter column label set (n_distinct = 42);
