create or replace function answer() returns integer language sql as $$ select 42 $$;
