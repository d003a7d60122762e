create table accounts (id integer primary key, email text, "Secret Note" text, old text);
grant select (id, old) on accounts to public;
grant update ("Secret Note") on accounts to pg_monitor with grant option;
grant select on accounts to public;
