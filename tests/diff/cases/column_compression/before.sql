create schema docs;
create table docs.pages (body text, raw bytea, title text);
-- SET COMPRESSION is PostgreSQL 14's: on 13 the case checks that after.sql is refused.
do $$
begin
  if current_setting('server_version_num')::integer >= 140000 then
    execute 'alter table docs.pages alter column title set compression pglz';
  end if;
end
$$;
