-- Every way PostgreSQL accepts to write the start of a function definition.
/*-snippet
{
  "description": "Lower case, OR REPLACE",
  "body": "select app.plain_name(${1:value});"
}
snippet-*/
create or replace function app.plain_name(value text) returns text
language sql as $$ select value $$;

/*-snippet
{"body": "upper case, no OR REPLACE"}
snippet-*/
CREATE FUNCTION APP.SHOUTED_NAME(value TEXT) RETURNS TEXT LANGUAGE SQL AS 'select value';

/*-snippet
{"body": ["spread", "over lines"]}
snippet-*/
Create
  Or   Replace
    Function
      app
      .
      spread_out
      (value text) returns text language sql as 'select value';

/*-snippet
{"body": "quoted identifiers keep their case"}
snippet-*/
create or replace function "My_Schema"."Quoted_name" (value text) returns text
language sql as 'select value';

/*-snippet
{"body": "comments between the words", "prefix": "own-prefix"}
snippet-*/
-- create function not_this.one() would be a comment
/* nor create function this.one() */
create /* here */ or replace -- and here
function app.commented_name(value text) returns text language sql as 'select value';

/*-snippet
{"body": "a procedure"}
snippet-*/
create procedure app.do_work() language sql as 'select 1';
    /*-snippet
    {"body": "indented tags", "description": "é and ✓ stay as they are"}
    snippet-*/
drop function if exists app.indented(int);
create function app.indented() returns int language sql as 'select 1';
