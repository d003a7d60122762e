create function total_qty(variadic ids integer[]) returns bigint language sql stable
  as $$ select sum(qty) from public.items where id = any(ids) $$;
