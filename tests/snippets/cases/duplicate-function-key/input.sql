/*-snippet
{"body": "x"}
snippet-*/
create function app.f(a int) returns int language sql as 'select 1';
/*-snippet
{"body": "y"}
snippet-*/
create function app.f(a text) returns int language sql as 'select 1';
