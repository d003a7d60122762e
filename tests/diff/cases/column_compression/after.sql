-- Compression set, reset to the default, and on a new table's column.
alter table docs.pages alter column body set compression pglz;
alter table docs.pages alter column title set compression default;
create table docs.notes (note text compression pglz);
