-- create table reports.archive
create table "reports"."archive" (
  "id" integer
);

-- change privileges on schema reports
revoke create on schema "reports" from "pg_monitor";

-- change privileges on enum reports.kind
revoke usage on type "reports"."kind" from "pg_monitor";

-- change privileges on sequence reports.numbers
revoke usage on sequence "reports"."numbers" from "pg_monitor";

-- change privileges on table reports.archive
revoke delete on table "reports"."archive" from current_user;

-- change privileges on table reports.ledger
revoke delete, update on table "reports"."ledger" from "pg_monitor";
grant truncate on table "reports"."ledger" to "pg_monitor";

-- change privileges on function reports.total()
revoke execute on function "reports"."total"() from "pg_monitor";

-- change privileges on view reports.summary
revoke delete, insert, update on table "reports"."summary" from "pg_monitor";
