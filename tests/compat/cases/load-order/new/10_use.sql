create or replace function s.g(p s.pair) returns int language sql as $$select p.a$$;
