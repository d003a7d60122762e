-- b references a: b must go first although a comes first by name.
drop table b;
drop table a;
