-- create index items_lower_name on public.items
CREATE INDEX items_lower_name ON public.items USING btree (lower(name)) WHERE (qty > 0);
