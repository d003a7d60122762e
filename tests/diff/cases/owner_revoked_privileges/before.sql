-- Privileges an owner takes away from itself (and gets back) are compared with the others,
-- on every kind that has privileges, and on an object created by the plan (which belongs to
-- the role running it: current_user). The objects belong to pg_monitor, a role every server
-- has, so that the SQL names the same owner on any test server.
create schema reports;
create table reports.ledger (id integer, amount numeric);
create view reports.summary as select count(*) as n from reports.ledger;
create sequence reports.numbers;
create function reports.total() returns numeric language sql as $$ select 1.0 $$;
create type reports.kind as enum ('debit', 'credit');
alter schema reports owner to pg_monitor;
alter table reports.ledger owner to pg_monitor;
alter view reports.summary owner to pg_monitor;
alter sequence reports.numbers owner to pg_monitor;
alter function reports.total() owner to pg_monitor;
alter type reports.kind owner to pg_monitor;
revoke truncate on reports.ledger from pg_monitor;
