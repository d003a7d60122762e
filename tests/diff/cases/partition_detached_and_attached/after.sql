alter table events detach partition events_2025;
alter table events attach partition events_2024 for values from ('2024-01-01') to ('2025-01-01');
alter table events_2023
  alter column id set not null,
  alter column at set not null,
  alter column at set default current_date,
  alter column note type text,
  add constraint events_id_check check (id > 0);
alter table events attach partition events_2023 for values from ('2023-01-01') to ('2024-01-01');
