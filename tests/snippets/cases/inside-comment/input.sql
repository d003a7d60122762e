-- Commented-out code keeps its tags, but they open no snippet block.
/* Replaced by app.new_way below:
/*-snippet
{"body": "select app.old_way();"}
snippet-*/
create function app.old_way() returns int language sql as 'select 1';
*/
/*-snippet
{"body": "select app.new_way();"}
snippet-*/
create function app.new_way() returns int language sql as 'select 2';
