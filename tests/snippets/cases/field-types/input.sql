-- Each block writes a field in a form VS Code does not accept; none of them publishes anything.
/*-snippet
{"body": 42}
snippet-*/
create function app.body_number() returns int language sql as 'select 1';

/*-snippet
{"body": ["select 1;", null]}
snippet-*/
create function app.body_null_line() returns int language sql as 'select 1';

/*-snippet
{"body": []}
snippet-*/
create function app.body_empty() returns int language sql as 'select 1';

/*-snippet
{"body": "x", "prefix": {"one": "p"}}
snippet-*/
create function app.prefix_object() returns int language sql as 'select 1';

/*-snippet
{"body": "x", "prefix": []}
snippet-*/
create function app.prefix_empty() returns int language sql as 'select 1';

/*-snippet
{"body": "x", "description": 7}
snippet-*/
create function app.description_number() returns int language sql as 'select 1';

/*-snippet
{"body": "x", "description": []}
snippet-*/
create function app.description_empty() returns int language sql as 'select 1';

/*-snippet
{
  "body": "x",
  "description": [
    "first line",
    ["nested"],
    3.5
  ]
}
snippet-*/
create function app.description_items() returns int language sql as 'select 1';

/*-snippet
{"body": "x", "scope": ["sql", "plpgsql"]}
snippet-*/
create function app.scope_list() returns int language sql as 'select 1';

/*-snippet
{"body": "x", "isFileTemplate": "true"}
snippet-*/
create function app.template_string() returns int language sql as 'select 1';

/*-snippet
{"description": false, "isFileTemplate": null}
snippet-*/
create function app.several() returns int language sql as 'select 1';
