-- create collation texts.posix
create collation "texts"."posix" (provider = libc, lc_collate = 'POSIX', lc_ctype = 'POSIX');
comment on collation "texts"."posix" is 'byte order';

-- add column texts.words.sort_key
alter table "texts"."words" add column "sort_key" text collate texts.posix;

-- create index words_sort_key on texts.words
CREATE INDEX words_sort_key ON texts.words USING btree (sort_key COLLATE texts."Plain");

-- destructive: drop collation texts.unused
drop collation "texts"."unused";
