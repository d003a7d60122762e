-- accounts: its replica identity index is created again (a new definition), so the mark is set
-- again; CLUSTER moves to the primary key.
drop index marks.accounts_code;
create unique index accounts_code on marks.accounts (code, id);
alter table marks.accounts replica identity using index accounts_code, cluster on accounts_pkey;
-- logs: FULL becomes NOTHING.
alter table marks.logs replica identity nothing;
-- plain: its primary key is created again; CLUSTER stays on it.
alter table marks.plain drop constraint plain_pkey, add primary key (id, n);
alter table marks.plain cluster on plain_pkey;
-- Keyed: the replica identity moves to a new index on a column made NOT NULL here; no CLUSTER.
alter table marks."Keyed" alter column note set not null, set without cluster;
create unique index "Keyed note" on marks."Keyed" (note);
alter table marks."Keyed" replica identity using index "Keyed note";
-- fresh: a new table whose marks name its new index.
create table marks.fresh (id integer not null, tag text);
create unique index fresh_id on marks.fresh (id);
alter table marks.fresh replica identity using index fresh_id, cluster on fresh_id;
