revoke delete, update on reports.ledger from pg_monitor;
grant truncate on reports.ledger to pg_monitor;
revoke insert, update, delete on reports.summary from pg_monitor;
revoke usage on sequence reports.numbers from pg_monitor;
revoke create on schema reports from pg_monitor;
revoke execute on function reports.total() from pg_monitor;
revoke usage on type reports.kind from pg_monitor;
create table reports.archive (id integer);
revoke delete on reports.archive from current_user;
