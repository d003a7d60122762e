-- Tables, in any schema, whose column names are exactly one of the history-table shapes
-- pgshift recognises (adoption/tools.py); Python decides which tool by name and schema.
-- %(shapes)s: each shape's column names, sorted and joined with ','.
select n.nspname::text as schema,
       c.relname::text as name,
       array_agg(a.attname::text order by a.attname::text collate "C") as columns
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
where c.relkind in ('r', 'p')
  and n.nspname not in ('pg_catalog', 'information_schema', %(own_schema)s)
  and n.nspname !~ '^pg_(toast|temp)'
group by n.nspname, c.relname
having string_agg(a.attname::text, ',' order by a.attname::text collate "C") = any(%(shapes)s)
order by 1, 2
