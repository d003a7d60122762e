-- A different function whose key is the same: an error, not a silent override.
/*-snippet
{"body": "select app.\"Do_It\"();"}
snippet-*/
create function app."Do_It"() returns int language sql as 'select 2';
