-- PostgreSQL 18 and later: the current value of every sequence this session may read, by
-- pg_get_sequence_data(). It needs no other query's rows, so it is sent with them; before 18
-- the loader selects from each sequence sequences.sql lists.
-- has_sequence_privilege() and pg_get_sequence_data() refuse a relation that is no sequence,
-- and the planner may call them before the relkind test: hence the CASE and the materialized
-- list.
with readable as materialized (
  select c.oid
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'S'
    and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
    and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
    and case when c.relkind = 'S' then has_sequence_privilege(c.oid, 'SELECT') end
)
select r.oid, d.last_value, d.is_called
from readable r
cross join lateral pg_get_sequence_data(r.oid) as d
where d.last_value is not null
