create schema texts;
create collation texts."Plain" (provider = libc, locale = 'C');
create collation texts.unused (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX');
create table texts.words (word text collate texts."Plain");
