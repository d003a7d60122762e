/*-snippet
{"body": "x"}
snippet-*/
/*-snippet
{"body": "y"}
snippet-*/
create function app.f() returns int language sql as 'select 1';
