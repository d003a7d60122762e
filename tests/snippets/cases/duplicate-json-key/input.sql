/*-snippet
{
  "body": "x",
  "nested": {"a": 1, "b": {"a": 2}},
  "body": "y"
}
snippet-*/
create function app.f() returns int language sql as 'select 1';
