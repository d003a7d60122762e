do $$ begin create type s.pair as (a int, b int); exception when duplicate_object then null; end $$;
