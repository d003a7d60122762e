drop view "Shop".paid;
alter table "Shop".orders
  alter column state drop default,
  alter column state type "Shop".state using state::text::"Shop".state,
  alter column state set default 'new',
  alter column history drop default,
  alter column history type "Shop".state[] using history::text::"Shop".state[],
  alter column history set default '{new}';
create view "Shop".paid as select id from "Shop".orders where state = 'paid';
