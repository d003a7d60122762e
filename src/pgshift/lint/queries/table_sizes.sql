-- Size on disk (with indexes and TOAST) and live rows (from the statistics, not counted) of
-- each named relation that exists; names as `schema.name`, quoted where they must be.
select r.name as name,
       pg_catalog.pg_total_relation_size(c.oid) as size,
       s.n_live_tup as rows
from unnest(%(names)s::text[]) as r(name)
join pg_catalog.pg_class c on c.oid = pg_catalog.to_regclass(r.name)
left join pg_catalog.pg_stat_user_tables s on s.relid = c.oid
order by r.name
