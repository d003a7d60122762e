/*-snippet
{"body": "select 1; /* a comment"}
snippet-*/
create function app.f() returns int language sql as 'select 1';
