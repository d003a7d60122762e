-- line 1
/*-snippet
{
  "body": "x",
  "description": oops
}
snippet-*/
create function app.f() returns int language sql as 'select 1';
