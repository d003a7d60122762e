create function answer() returns integer language sql as $$ select 41 $$;
