-- Tag lines inside a string or a dollar-quoted body are text, not snippet blocks.
/*-snippet
{"body": "select app.annotate(${1:'name'});"}
snippet-*/
create or replace function app.annotate(name text) returns text
language plpgsql as $$
begin
  return format($fmt$
/*-snippet
{"body": "select %1$s();"}
snippet-*/
$fmt$, name);
end
$$;

create function app.quoted() returns text language sql as '
/*-snippet
{"body": "not a snippet"}
snippet-*/
select 1';
