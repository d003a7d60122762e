/*-snippet
{"body": "from SQL", "description": "generated"}
snippet-*/
create or replace function app.both_places() returns int language sql as 'select 1';

/*-snippet
{"body": "only SQL"}
snippet-*/
create or replace function app.only_sql() returns int language sql as 'select 1';
