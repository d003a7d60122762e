create schema tuning;
create table tuning.events (
  id integer not null,
  kind text,
  payload text,
  body text,
  note varchar(20),
  "Odd Name" text
);
alter table tuning.events alter column kind set statistics 500;
alter table tuning.events alter column payload set storage external;
alter table tuning.events alter column body set storage external;
alter table tuning.events alter column note set storage main;
alter table tuning.events alter column "Odd Name" set (n_distinct = -0.5);
