alter table items add column label text not null default 'none';
comment on column items.label is 'shown to people';
