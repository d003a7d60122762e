alter table accounts drop column old;
revoke select on accounts from public;
grant select (id) on accounts to public;
grant insert (email), references ("Secret Note") on accounts to public;
revoke grant option for update ("Secret Note") on accounts from pg_monitor;
create view account_emails as select id, email from accounts;
grant select (email) on account_emails to public;
