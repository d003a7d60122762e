/*-snippet
{"body": "select 1 */ 2"}
snippet-*/
create function app.f() returns int language sql as 'select 1';
