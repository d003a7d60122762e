create function app.f() returns int language sql as 'select 1';
/*-snippet
{"body": "x"}
snippet-*/
create table app.t (id int);
-- create function app.g() is only a comment
select 'create function app.h()';
