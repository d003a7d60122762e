-- Every form VS Code accepts for each field, kept as written.
/*-snippet
{
  "prefix": ["shift-new-table", "table"],
  "body": ["create table ${1:app}.${2:name} (", "  id int primary key", ");", "$0"],
  "description": ["A table with an id.", "Ends where you type next."],
  "scope": "sql,plpgsql",
  "isFileTemplate": true
}
snippet-*/
create function app.new_table() returns void language sql as 'select';

/*-snippet
{"body": "select app.hidden();", "prefix": "", "description": "Only in Insert Snippet", "isFileTemplate": false, "scope": ""}
snippet-*/
create function app.hidden() returns void language sql as 'select';

/*-snippet
{"body": "select app.noted();", "x-note": {"kept": [1, 2]}}
snippet-*/
create function app.noted() returns void language sql as 'select';
