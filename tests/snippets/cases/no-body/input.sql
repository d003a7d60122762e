/*-snippet
{"description": "no body"}
snippet-*/
create function app.f() returns int language sql as 'select 1';
