/*-snippet
{"body": "x"}
snippet-*/

CREATE OR REPLACE FUNCTION lonely() returns int language sql as 'select 1';
