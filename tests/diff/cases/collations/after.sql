-- A new collation used by a new column, one dropped; the one in use stays.
drop collation texts.unused;
create collation texts.posix (provider = libc, locale = 'POSIX');
comment on collation texts.posix is 'byte order';
alter table texts.words add column sort_key text collate texts.posix;
create index words_sort_key on texts.words (sort_key collate texts."Plain");
