-- destructive: drop table reports.archive
drop table "reports"."archive";

-- change privileges on schema reports
grant create on schema "reports" to "pg_monitor";

-- change privileges on enum reports.kind
grant usage on type "reports"."kind" to "pg_monitor";

-- change privileges on sequence reports.numbers
grant usage on sequence "reports"."numbers" to "pg_monitor";

-- change privileges on table reports.ledger
revoke truncate on table "reports"."ledger" from "pg_monitor";
grant delete, update on table "reports"."ledger" to "pg_monitor";

-- change privileges on function reports.total()
grant execute on function "reports"."total"() to "pg_monitor";

-- change privileges on view reports.summary
grant delete, insert, update on table "reports"."summary" to "pg_monitor";
