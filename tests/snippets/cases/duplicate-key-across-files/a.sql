/*-snippet
{"body": "select app.do_it();"}
snippet-*/
create function app.do_it() returns int language sql as 'select 1';
