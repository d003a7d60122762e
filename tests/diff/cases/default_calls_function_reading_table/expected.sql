set check_function_bodies = false;

-- create table app.tickets
create table "app"."tickets" (
  "id" integer,
  "number" integer
);

-- create function app.next_number()
CREATE OR REPLACE FUNCTION app.next_number()
 RETURNS integer
 LANGUAGE sql
BEGIN ATOMIC
 SELECT (COALESCE(max(tickets.number), 0) + 1)
    FROM app.tickets;
END;

-- set default of column app.tickets.number
alter table "app"."tickets" alter column "number" set default app.next_number();
