-- create table docs.notes
create table "docs"."notes" (
  "note" text
);

-- set compression of column docs.notes.note
alter table "docs"."notes" alter column "note" set compression pglz;

-- set compression of column docs.pages.body
alter table "docs"."pages" alter column "body" set compression pglz;

-- set compression of column docs.pages.title
alter table "docs"."pages" alter column "title" set compression default;
